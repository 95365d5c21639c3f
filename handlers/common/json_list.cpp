#include "handlers/common/json_list.hpp"

#include "server/shapes/json_text.hpp"

namespace junction::handlers {

void JsonObjectList::begin_object() {
  if (count_++ > 0) text_ += ',';
  text_ += '{';
  first_member_ = true;
}

void JsonObjectList::member(std::string_view name, std::string_view value) {
  if (!first_member_) text_ += ',';
  first_member_ = false;
  text_ += '"';
  text_ += name;
  text_ += "\":";
  shapes::append_json_string(text_, value);
}

void JsonObjectList::end_object() { text_ += '}'; }

json JsonObjectList::take() {
  text_ += ']';
  json out = shapes::raw_json(text_);
  // assign(count, char), not = "[": GCC 12 at -O2 reports a false stringop-overflow for the
  // latter once the string has been moved from.
  text_.assign(1, '[');
  count_ = 0;
  return out;
}

}  // namespace junction::handlers
