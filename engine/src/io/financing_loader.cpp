// Reading the financing and targets sections of a project model.
#include <fmt/format.h>

#include "model_reader.hpp"

namespace appraise::io::detail {

void ModelReader::financing(MapReader& top) {
  if (const Node* node = top.get("financing"))
    r.error(*node, "financing", "financing is read in a later step of this build");
}

void ModelReader::targets(MapReader& top) {
  const Node* node = top.get("targets");
  if (!node) return;
  MapReader t(r, *node, "targets");
  if (!t.valid()) return;
  t.finish();
}

}  // namespace appraise::io::detail
