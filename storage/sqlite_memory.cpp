#include "storage/sqlite_memory.hpp"

#include <sqlite3.h>

#include "server/memory/block_pool.hpp"

namespace junction::storage {

#if JUNCTION_USE_BLOCK_POOL
namespace {

// SQLite never asks for zero or negative sizes (sqlite3Malloc answers those itself).
void* xmalloc(int n) { return memory::allocate(static_cast<std::size_t>(n)); }
void xfree(void* p) { memory::release(p); }
void* xrealloc(void* p, int n) { return memory::resize(p, static_cast<std::size_t>(n)); }
int xsize(void* p) { return static_cast<int>(memory::usable_size(p)); }
int xroundup(int n) { return static_cast<int>(memory::round_up(static_cast<std::size_t>(n))); }
int xinit(void*) { return SQLITE_OK; }
void xshutdown(void*) {}

}  // namespace
#endif

void use_pooled_sqlite_memory() {
#if JUNCTION_USE_BLOCK_POOL
  static const sqlite3_mem_methods methods = {xmalloc,  xfree, xrealloc,  xsize,
                                              xroundup, xinit, xshutdown, nullptr};
  sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
#endif
}

}  // namespace junction::storage
