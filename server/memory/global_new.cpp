// operator new and delete of the junction binary, on the per-thread block pool. Linked into the
// executable only (tests keep the standard ones), and left out of AddressSanitizer builds, whose
// own operator new is what finds memory errors. Over-aligned new and delete stay the standard
// library's: they pair with each other.
#include <new>

#include "server/memory/block_pool.hpp"

#if JUNCTION_USE_BLOCK_POOL

namespace {

void* allocate_or_throw(std::size_t n) {
  for (;;) {
    if (void* p = junction::memory::allocate(n)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

}  // namespace

void* operator new(std::size_t n) { return allocate_or_throw(n); }
void* operator new[](std::size_t n) { return allocate_or_throw(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate_or_throw(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate_or_throw(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { junction::memory::release(p); }
void operator delete[](void* p) noexcept { junction::memory::release(p); }
void operator delete(void* p, std::size_t) noexcept { junction::memory::release(p); }
void operator delete[](void* p, std::size_t) noexcept { junction::memory::release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { junction::memory::release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { junction::memory::release(p); }

#endif
