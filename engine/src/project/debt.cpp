#include "appraise/project/debt.hpp"

#include <algorithm>
#include <cmath>

#include "appraise/core/discounting.hpp"
#include "appraise/core/tvm.hpp"

namespace appraise {

void construction_interest(std::span<const double> draws, double rate, bool compound, std::span<double> q,
                           DrawTiming timing) {
  // The share of a year the year's draw earns interest.
  const double earning = timing == DrawTiming::Start ? 1.0 : timing == DrawTiming::End ? 0.0 : 0.5;
  double balance = 0.0;
  for (std::size_t t = 0; t < draws.size(); ++t) {
    q[t] = (balance + draws[t] * earning) * rate;
    balance += draws[t] + (compound ? q[t] : 0.0);
  }
}

std::vector<double> construction_interest(std::span<const double> draws, double rate, bool compound, DrawTiming timing) {
  std::vector<double> q(draws.size(), 0.0);
  construction_interest(draws, rate, compound, q, timing);
  return q;
}

double level_debt_service(double initial, double rate, int n) { return -pmt(rate, n, initial); }

double scheduled_principal(Repayment rule, double rate, double initial, double balance, int k, int n,
                           std::span<const double> shares, PpmtSchedule* powers) {
  if (balance <= 0.0 || k < 1) return 0.0;
  if (k >= n) return balance;  // the last year clears the balance, rounding remainders included
  double due = 0.0;
  switch (rule) {
    case Repayment::EqualPayment: due = powers ? -(*powers)(rate, k, n, initial) : -ppmt(rate, k, n, initial); break;
    case Repayment::EqualPrincipal: due = initial / n; break;
    case Repayment::Bullet: due = 0.0; break;
    case Repayment::Custom:
      due = static_cast<std::size_t>(k - 1) < shares.size() ? shares[static_cast<std::size_t>(k - 1)] * initial : 0.0;
      break;
    case Repayment::MaxCapacity:
    case Repayment::Sculpted: due = 0.0; break;
  }
  return std::clamp(due, 0.0, balance);
}

double sculpted_debt_capacity(std::span<const double> cfads, double rate, double dscr) {
  std::vector<double> ds(cfads.size());
  for (std::size_t i = 0; i < cfads.size(); ++i) ds[i] = std::max(0.0, cfads[i]) / dscr;
  return present_value(ds, rate, 1.0);
}

}  // namespace appraise
