// SQLite's memory on the per-thread block pool (server/memory/block_pool.hpp). Debian builds
// SQLite without lookaside (SQLITE_OMIT_LOOKASIDE), so each value, cursor and in-memory journal
// chunk of a statement is its own malloc and free: about a hundred per write.
#pragma once

namespace junction::storage {

// Before SQLite initializes. Does nothing in AddressSanitizer builds, which must see SQLite's
// blocks one by one (a row read after its statement moved on is such a bug).
void use_pooled_sqlite_memory();

}  // namespace junction::storage
