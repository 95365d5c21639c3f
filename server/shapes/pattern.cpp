#define PCRE2_CODE_UNIT_WIDTH 8
#include "server/shapes/pattern.hpp"

#include <pcre2.h>

#include <stdexcept>

namespace junction::shapes {

struct Pattern::Compiled {
  pcre2_code* code = nullptr;
  std::string error;
  ~Compiled() { pcre2_code_free(code); }
};

Pattern::Pattern(std::string source) : source_(std::move(source)) {}
Pattern::~Pattern() = default;

void Pattern::compile() const {
  std::call_once(once_, [this] {
    auto compiled = std::make_unique<Compiled>();
    int error = 0;
    PCRE2_SIZE offset = 0;
    // Anchored at both ends: AWS checks the whole value. ALT_BSUX gives \uXXXX as in the models;
    // no UCP, so \w \d \s stay ASCII as in Java.
    compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source_.data()), source_.size(),
                                   PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                                   &error, &offset, nullptr);
    if (compiled->code) {
      pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE);
    } else {
      PCRE2_UCHAR buffer[256];
      pcre2_get_error_message(error, buffer, sizeof buffer);
      compiled->error = reinterpret_cast<const char*>(buffer);
    }
    compiled_ = std::move(compiled);
  });
  if (!compiled_->code)
    throw std::invalid_argument("bad pattern " + source_ + ": " + compiled_->error);
}

bool Pattern::full_match(std::string_view value) const {
  compile();
  struct MatchData {
    pcre2_match_data* data = pcre2_match_data_create(32, nullptr);
    ~MatchData() { pcre2_match_data_free(data); }
  };
  thread_local MatchData match;
  int rc = pcre2_match(compiled_->code, reinterpret_cast<PCRE2_SPTR>(value.data()), value.size(), 0,
                       0, match.data, nullptr);
  return rc >= 0;
}

}  // namespace junction::shapes
