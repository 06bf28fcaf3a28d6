#pragma once
/// The fiscal view's discount rate, for reports that state it beside a fiscal present value
/// (the fiscal step itself, engine/src/economic/fiscal.cpp, discounts with it).

#include "appraise/project/model.hpp"

namespace appraise {

/// `fiscal.discount_rate` when stated; else the coupon of the model's first special bond (a
/// local-government bond of the same period, as the VfM guidance asks); else 2.02%
/// (kDefaultFiscalDiscountRate).
[[nodiscard]] double fiscal_discount_rate(const ProjectModel& m);

}  // namespace appraise
