#pragma once
/// The risk messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Risk::name, from risk.def.
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Risk : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/risk.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Risk id);

}  // namespace appraise::messages
