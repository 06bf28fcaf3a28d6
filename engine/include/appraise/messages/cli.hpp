#pragma once
/// The cli messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Cli::name, from cli.def.
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Cli : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/cli.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Cli id);

}  // namespace appraise::messages
