// Small blocks kept per thread for reuse: the allocator behind operator new (global_new.cpp) and
// SQLite (storage/sqlite_memory.cpp).
//
// glibc keeps only seven freed blocks of a size per thread; past that a free sorts the block back
// into its shared bins, and a request makes and frees dozens of blocks of a few sizes (JSON
// values, strings, SQLite's cursors and 1 KiB journal chunks): a fifth of a write's instructions
// went to malloc and free. Here a freed block of up to 4 KiB goes onto the freeing thread's list
// for its size class (up to 256 KiB of each), and the next request of that class on that thread
// takes it back. Larger blocks come from malloc at their exact size. The price: a 16-byte header
// on every block (its size class), and up to a quarter of a block unused.
#pragma once

#include <cstddef>

// Whether operator new and SQLite use the pool: not under AddressSanitizer, which must see every
// block on its own to find memory errors (a row read after its statement moved on, say).
#ifndef JUNCTION_USE_BLOCK_POOL
#if defined(__SANITIZE_ADDRESS__)
#define JUNCTION_USE_BLOCK_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JUNCTION_USE_BLOCK_POOL 0
#endif
#endif
#endif
#ifndef JUNCTION_USE_BLOCK_POOL
#define JUNCTION_USE_BLOCK_POOL 1
#endif

namespace junction::memory {

// nullptr when malloc has nothing left. Blocks are 16-byte aligned.
void* allocate(std::size_t bytes);
// Takes nullptr too.
void release(void* block);
// Keeps the block when it is already large enough.
void* resize(void* block, std::size_t bytes);
// What the block can hold: at least what was asked.
std::size_t usable_size(const void* block);
// What allocate(bytes) would make usable.
std::size_t round_up(std::size_t bytes);

// Hands memory that is free back to the operating system (glibc's malloc_trim): after work that
// made and dropped a large number of blocks at once, such as a state import.
void return_free_memory();
// Blocks of 256 KiB and more are mapped on their own, so that freeing one gives it back to the
// system: glibc's own threshold rises after each large free (to 32 MiB), and a state export's
// text, grown by doubling, then lands in an arena a trim cannot always shrink. Called once, at
// start.
void map_large_blocks();

// Blocks on the calling thread's lists (for tests).
std::size_t cached_blocks();

}  // namespace junction::memory
