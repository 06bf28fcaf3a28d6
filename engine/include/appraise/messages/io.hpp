#pragma once
/// The io messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Io::name, from io.def.
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Io : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/io.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Io id);

}  // namespace appraise::messages
