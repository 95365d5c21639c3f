// Regular expressions of the service models (Java/ECMAScript flavour with \p{L} classes,
// look-around and \uXXXX escapes), compiled with PCRE2 and matched against the whole value.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace junction::shapes {

class Pattern {
 public:
  explicit Pattern(std::string source);
  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  // True when the whole of `value` (UTF-8) matches. Invalid UTF-8 never matches.
  bool full_match(std::string_view value) const;
  // Compiles now (otherwise on first use, to keep start-up fast); throws on a bad pattern.
  void compile() const;
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  struct Compiled;
  mutable std::unique_ptr<Compiled> compiled_;
  mutable std::once_flag once_;
};

}  // namespace junction::shapes
