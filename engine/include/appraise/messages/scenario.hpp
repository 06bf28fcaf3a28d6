#pragma once
/// The scenario messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Scenario::name, from scenario.def.
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Scenario : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/scenario.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Scenario id);

}  // namespace appraise::messages
