#pragma once
/// The core messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Core::name, from core.def.
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Core : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/core.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Core id);

}  // namespace appraise::messages
