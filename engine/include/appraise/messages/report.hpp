#pragma once
/// The report messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Report::name, from report.def.
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Report : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/report.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Report id);

}  // namespace appraise::messages
