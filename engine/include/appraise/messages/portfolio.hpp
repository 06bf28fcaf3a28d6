#pragma once
/// The portfolio messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Portfolio::name, from portfolio.def.
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Portfolio : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/portfolio.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Portfolio id);

}  // namespace appraise::messages
