// A JSON array of flat objects written as text while rows are read. List operations answer with
// it (a raw JSON value) instead of building a tree of objects per item, then walking it to write
// and freeing it: on a page of assignments that was a third of the call.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "handlers/api.hpp"

namespace junction::handlers {

class JsonObjectList {
 public:
  JsonObjectList() {
    text_.reserve(4096);  // a page of 10 assignments is about 1.6 KB
    text_.push_back('[');
  }
  void begin_object();
  // A string member; `name` is one of ours, written as it is.
  void member(std::string_view name, std::string_view value);
  void end_object();
  std::size_t size() const { return count_; }
  // The array, as a value to put in the output.
  json take();

 private:
  std::string text_;
  std::size_t count_ = 0;
  bool first_member_ = true;
};

}  // namespace junction::handlers
