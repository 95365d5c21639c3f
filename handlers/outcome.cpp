#include "handlers/outcome.hpp"

namespace junction::handlers {

const char* outcome_kind_name(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::kRequest:
      return "request";
    case OutcomeKind::kState:
      return "state";
    case OutcomeKind::kEntries:
      return "entries";
    case OutcomeKind::kStatus:
      return "status";
    case OutcomeKind::kNone:
      break;
  }
  return "none";
}

}  // namespace junction::handlers
