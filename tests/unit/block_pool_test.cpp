#include "server/memory/block_pool.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

namespace memory = junction::memory;

TEST_CASE("block pool: sizes round up to a class and blocks are aligned") {
  for (std::size_t n : {0, 1, 16, 17, 100, 129, 1000, 1032, 4095, 4096, 4097, 100000}) {
    void* p = memory::allocate(n);
    REQUIRE(p != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(p) % 16 == 0);
    CHECK(memory::usable_size(p) >= n);
    CHECK(memory::usable_size(p) == memory::round_up(n));
    std::memset(p, 0xAB, memory::usable_size(p));  // all of it is the caller's
    memory::release(p);
  }
  CHECK(memory::round_up(1032) == 1280);  // at most a quarter more
  CHECK(memory::round_up(4097) == 4112);  // large blocks: 16-byte steps
  memory::release(nullptr);
}

TEST_CASE("block pool: a freed block is reused by the next request of its class") {
  void* a = memory::allocate(200);
  const std::size_t before = memory::cached_blocks();
  memory::release(a);
  CHECK(memory::cached_blocks() == before + 1);
  void* b = memory::allocate(210);  // same class (224)
  CHECK(b == a);
  CHECK(memory::cached_blocks() == before);
  memory::release(b);
}

TEST_CASE("block pool: large blocks are not cached") {
  const std::size_t before = memory::cached_blocks();
  memory::release(memory::allocate(5000));
  CHECK(memory::cached_blocks() == before);
}

TEST_CASE("block pool: a thread caches a bounded number of blocks") {
  std::vector<void*> blocks;
  for (int i = 0; i < 100000; ++i) blocks.push_back(memory::allocate(64));
  const std::size_t before = memory::cached_blocks();
  for (void* p : blocks) memory::release(p);
  CHECK(memory::cached_blocks() - before == 256 * 1024 / 64);
}

TEST_CASE("block pool: resize keeps the contents and the block when it fits") {
  auto* p = static_cast<char*>(memory::allocate(20));
  std::memcpy(p, "0123456789abcdefghi", 20);
  CHECK(memory::resize(p, 30) == p);  // the 32-byte class holds 30
  auto* q = static_cast<char*>(memory::resize(p, 3000));
  REQUIRE(q != nullptr);
  CHECK(std::memcmp(q, "0123456789abcdefghi", 20) == 0);
  auto* r = static_cast<char*>(memory::resize(q, 9000));  // pooled to direct
  CHECK(std::memcmp(r, "0123456789abcdefghi", 20) == 0);
  auto* s = static_cast<char*>(memory::resize(r, 100));  // direct to pooled
  CHECK(std::memcmp(s, "0123456789abcdefghi", 20) == 0);
  CHECK(memory::usable_size(s) == 112);
  memory::release(s);
  void* fresh = memory::resize(nullptr, 10);
  CHECK(fresh != nullptr);
  memory::release(fresh);
}

TEST_CASE("block pool: blocks move between threads, and a thread's cache ends with it") {
  std::vector<void*> made(1000);
  std::thread maker([&] {
    for (auto& p : made) p = memory::allocate(48);
  });
  maker.join();
  std::size_t cached_in_freer = 0;
  std::thread freer([&] {
    for (void* p : made) memory::release(p);
    cached_in_freer = memory::cached_blocks();
  });
  freer.join();
  CHECK(cached_in_freer == 1000);
}

TEST_CASE("block pool: free memory goes back to the system without touching live blocks") {
  std::vector<void*> dropped;
  for (int i = 0; i < 20000; ++i) dropped.push_back(memory::allocate(3000));
  auto* kept = static_cast<char*>(memory::allocate(100));
  std::memcpy(kept, "still here", 11);
  for (void* p : dropped) memory::release(p);
  memory::return_free_memory();
  CHECK(std::strcmp(kept, "still here") == 0);
  memory::release(kept);
}
