#include "server/memory/block_pool.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace junction::memory {
namespace {

// Size classes: steps of 16 bytes up to 128, then four per doubling (at most a quarter wasted).
constexpr std::array<std::uint32_t, 28> kClassSizes = {
    16,  32,  48,  64,  80,  96,   112,  128,  160,  192,  224,  256,  320,  384,
    448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096};
constexpr int kClasses = static_cast<int>(kClassSizes.size());
constexpr std::size_t kLargestPooled = 4096;
constexpr std::uint32_t kDirect = 0xFFFFFFFF;

// Class of each size in 16-byte steps: kClassOf[(bytes + 15) / 16].
constexpr auto kClassOf = [] {
  std::array<std::uint8_t, kLargestPooled / 16 + 1> t{};
  int c = 0;
  for (std::uint32_t i = 0; i < t.size(); ++i) {
    while (kClassSizes[c] < i * 16) ++c;
    t[i] = static_cast<std::uint8_t>(c);
  }
  return t;
}();

// Each block starts with this header; callers get the bytes after it.
struct alignas(16) Header {
  std::uint32_t size_class;  // index into kClassSizes, or kDirect
  std::uint32_t unused;
  std::uint64_t usable;
};
static_assert(sizeof(Header) == 16);

Header* header_of(const void* block) {
  return const_cast<Header*>(static_cast<const Header*>(block) - 1);
}

// Up to 256 KiB of each class, and at least 16 blocks.
constexpr auto kCacheLimit = [] {
  std::array<std::uint32_t, kClasses> t{};
  for (int c = 0; c < kClasses; ++c) {
    t[c] = (256 * 1024) / kClassSizes[c];
    if (t[c] < 16) t[c] = 16;
  }
  return t;
}();

enum class State : std::uint8_t { kFresh, kAlive, kGone };

// The calling thread's lists (a cached block's first bytes point to the next). Plain data, so
// that it can still be read while and after the thread's destructors run.
struct Cache {
  std::array<void*, kClasses> head;
  std::array<std::uint32_t, kClasses> count;
  State state;
};
constinit thread_local Cache cache{};

// Returns the thread's blocks to malloc when the thread ends; blocks freed later on that thread
// (by other objects' destructors) go straight to malloc.
struct Drainer {
  bool constructed = true;
  Drainer() { cache.state = State::kAlive; }
  ~Drainer() {
    for (int c = 0; c < kClasses; ++c) {
      void* p = cache.head[c];
      while (p) {
        void* next;
        std::memcpy(&next, p, sizeof next);
        std::free(header_of(p));
        p = next;
      }
      cache.head[c] = nullptr;
      cache.count[c] = 0;
    }
    cache.state = State::kGone;
  }
};
thread_local Drainer drainer;

bool cache_usable() {
  if (cache.state == State::kAlive) return true;
  if (cache.state == State::kGone) return false;
  // The thread's first use of its Drainer constructs it, which makes the cache alive.
  return drainer.constructed && cache.state == State::kAlive;
}

void* from_malloc(std::uint32_t size_class, std::size_t usable) {
  auto* h = static_cast<Header*>(std::malloc(sizeof(Header) + usable));
  if (!h) return nullptr;
  h->size_class = size_class;
  h->usable = usable;
  return h + 1;
}

}  // namespace

void* allocate(std::size_t bytes) {
  if (bytes > kLargestPooled) {
    if (bytes > SIZE_MAX - sizeof(Header) - 15) return nullptr;
    return from_malloc(kDirect, round_up(bytes));
  }
  const int c = kClassOf[(bytes + 15) / 16];
  if (cache_usable() && cache.head[c]) {
    void* p = cache.head[c];
    std::memcpy(&cache.head[c], p, sizeof p);
    --cache.count[c];
    return p;
  }
  return from_malloc(static_cast<std::uint32_t>(c), kClassSizes[c]);
}

void release(void* block) {
  if (!block) return;
  Header* h = header_of(block);
  const std::uint32_t c = h->size_class;
  if (c != kDirect && cache_usable() && cache.count[c] < kCacheLimit[c]) {
    std::memcpy(block, &cache.head[c], sizeof block);
    cache.head[c] = block;
    ++cache.count[c];
    return;
  }
  std::free(h);
}

void* resize(void* block, std::size_t bytes) {
  if (!block) return allocate(bytes);
  const std::size_t have = header_of(block)->usable;
  // A pooled block stays pooled and a direct one direct, so that classes keep their sizes.
  if (bytes <= have && (bytes > kLargestPooled) == (have > kLargestPooled)) return block;
  void* moved = allocate(bytes);
  if (!moved) return nullptr;
  std::memcpy(moved, block, bytes < have ? bytes : have);
  release(block);
  return moved;
}

std::size_t usable_size(const void* block) { return block ? header_of(block)->usable : 0; }

std::size_t round_up(std::size_t bytes) {
  if (bytes > kLargestPooled) return (bytes + 15) & ~std::size_t{15};
  return kClassSizes[kClassOf[(bytes + 15) / 16]];
}

void map_large_blocks() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

std::size_t cached_blocks() {
  std::size_t n = 0;
  for (int c = 0; c < kClasses; ++c) n += cache.count[c];
  return n;
}

}  // namespace junction::memory
