#pragma once
/// The io messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Io::name, from io.def, loader_model.def (the model loader) and
/// loader_data.def (the other loaders).
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Io : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/io.def"
#include "appraise/messages/loader_model.def"
#include "appraise/messages/loader_data.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Io id);

}  // namespace appraise::messages
