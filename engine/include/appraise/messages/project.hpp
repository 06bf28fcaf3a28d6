#pragma once
/// The project messages of the catalogue (core/message.hpp says how to add one): their ids, as
/// messages::Project::name, from project.def and validation.def (the validation's messages).
#include "appraise/core/message.hpp"

namespace appraise::messages {

enum class Project : unsigned {
#define APPRAISE_MSG(id, en, zh) id,
#include "appraise/messages/project.def"
#include "appraise/messages/validation.def"
#undef APPRAISE_MSG
};

[[nodiscard]] const CatalogueEntry& entry(Project id);

}  // namespace appraise::messages
