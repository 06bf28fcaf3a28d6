#pragma once
/// Sale projects: 土地增值税 (land appreciation tax) on what a developer sells, as the statute
/// sets it (economic.md §4, [K]: the standard statutory form, not checked against the primary
/// text here; docs/model-format.md says which rule is implemented).
///
///   deductions D = land + development cost + development expenses + taxes on the sale
///                  + (developers) 20% × (land + development cost)
///   development expenses = allocable interest + up to 5% × (land + development cost),
///                          or, without allocable interest, up to 10% × (land + development cost)
///   appreciation A = sales income − D;  ratio = A / D
///   tax = A × 30%               when ratio ≤ 50%
///         A × 40% − D × 5%      when 50% < ratio ≤ 100%
///         A × 50% − D × 15%     when 100% < ratio ≤ 200%
///         A × 60% − D × 35%     when ratio > 200%
///   and nothing when A ≤ 0.
///
/// Example: income 10000, land 2000, development 3000, interest 200, expense rate 5%, taxes 60,
/// developer: expenses 200 + 250 = 450, extra 1000, D = 6510, A = 3490, ratio 53.6%:
/// tax = 3490 × 40% − 6510 × 5% = 1070.5.

namespace appraise {

struct LandAppreciationTaxInput {
  double income = 0;         // sales income, net of VAT
  double land = 0;           // 取得土地使用权所支付的金额
  double development = 0;    // 开发成本
  double interest = 0;       // interest allocable to the development (counted when allocable)
  bool interest_allocable = true;
  double expense_rate = 0.05;  // of land + development cost (at most 5%, or 10% without interest)
  double taxes = 0;          // 与转让房地产有关的税金 (surcharges on the sale)
  bool developer = true;     // the extra 20% deduction
};

struct LandAppreciationTax {
  double income = 0, land = 0, development = 0, expenses = 0, taxes = 0, extra = 0;
  double deductions = 0;     // D
  double appreciation = 0;   // A = income − D
  double ratio = 0;          // A / D (0 when D = 0)
  double rate = 0;           // the bracket's rate
  double quick_deduction = 0;  // the bracket's 速算扣除系数, a share of D
  double tax = 0;
};

/// The land appreciation tax of a whole sale (the settlement, 清算).
[[nodiscard]] LandAppreciationTax land_appreciation_tax(const LandAppreciationTaxInput& in);

}  // namespace appraise
