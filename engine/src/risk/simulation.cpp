// Monte Carlo risk analysis (risk/simulation.hpp): distributions, the generator, the Gaussian copula, the
// threaded runner and the statistics of its results.
#include "appraise/risk/simulation.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <fmt/format.h>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <utility>

#include "appraise/core/metrics.hpp"
#include "appraise/messages/risk.hpp"
#include "appraise/messages/scenario.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/project/validation.hpp"
#include "appraise/messages/project.hpp"

namespace appraise {
namespace {

using namespace appraise::literals;

// Double precision throughout: Boost.Math's default promotes double to long double, which is
// 80-bit on x86-64 and 128-bit on ARM64, so the last bits would depend on the machine.
using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>,
                                             boost::math::policies::promote_float<false>>;
using Normal = boost::math::normal_distribution<double, Policy>;
using Lognormal = boost::math::lognormal_distribution<double, Policy>;
using Triangular = boost::math::triangular_distribution<double, Policy>;
using Uniform = boost::math::uniform_distribution<double, Policy>;
using Beta = boost::math::beta_distribution<double, Policy>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSmallestTail = 0x1.0p-53;  // the smallest tail uniform_from_bits produces
constexpr std::int64_t kChunk = kSimulationChunk;  // draws per work unit (fixed: statistics combine chunks in order)

double pert_alpha(const PertDist& d) { return 1.0 + 4.0 * (d.mode - d.min) / (d.max - d.min); }
double pert_beta(const PertDist& d) { return 1.0 + 4.0 * (d.max - d.mode) / (d.max - d.min); }

template <class D>
double tail_quantile(const D& dist, TailProbability t) {
  return t.p <= 0.5 ? boost::math::quantile(dist, t.p) : boost::math::quantile(boost::math::complement(dist, t.q));
}

// A distribution prepared for many quantiles: Boost objects built once, discrete values sorted,
// PERT tabulated (BetaQuantile) unless `exact` asks for Boost's quantile itself.
struct Sampler {
  std::variant<Normal, Lognormal, Triangular, Beta, Uniform, std::monostate> dist{std::monostate{}};
  std::optional<BetaQuantile> beta_table;
  double offset = 0, width = 1;        // PERT: min + width · Beta
  std::vector<double> values, cumulative;  // discrete, ascending

  explicit Sampler(const Distribution& d, bool exact = false) {
    std::visit(
        [this, exact](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, NormalDist>) dist = Normal(x.mean, x.sd);
          else if constexpr (std::is_same_v<T, LognormalDist>) dist = Lognormal(x.mu, x.sigma);
          else if constexpr (std::is_same_v<T, TriangularDist>) dist = Triangular(x.min, x.mode, x.max);
          else if constexpr (std::is_same_v<T, PertDist>) {
            dist = Beta(pert_alpha(x), pert_beta(x));
            if (!exact) beta_table.emplace(pert_alpha(x), pert_beta(x));
            offset = x.min;
            width = x.max - x.min;
          } else if constexpr (std::is_same_v<T, UniformDist>) dist = Uniform(x.min, x.max);
          else {
            std::vector<std::size_t> order(x.values.size());
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::stable_sort(order.begin(), order.end(), [&x](std::size_t a, std::size_t b) { return x.values[a] < x.values[b]; });
            double c = 0;
            for (const std::size_t i : order) {
              values.push_back(x.values[i]);
              cumulative.push_back(c += x.probabilities[i]);
            }
            if (!cumulative.empty()) cumulative.back() = 1.0;  // the sum is 1 up to rounding
          }
        },
        d);
  }

  [[nodiscard]] double quantile(TailProbability t) const {
    switch (dist.index()) {
      case 0: return tail_quantile(std::get<0>(dist), t);
      case 1: return tail_quantile(std::get<1>(dist), t);
      case 2: return tail_quantile(std::get<2>(dist), t);
      case 3: return offset + width * (beta_table ? (*beta_table)(t) : tail_quantile(std::get<3>(dist), t));
      case 4: return tail_quantile(std::get<4>(dist), t);
      default: {
        // The smallest value whose cumulative probability reaches p (the generalised inverse).
        const double p = t.p <= 0.5 ? t.p : 1.0 - t.q;
        const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), p);
        return values[static_cast<std::size_t>(std::min<std::ptrdiff_t>(it - cumulative.begin(),
                                                                        static_cast<std::ptrdiff_t>(values.size()) - 1))];
      }
    }
  }
};

// The draws' inputs: the samplers, which inputs go through the copula, and the factor.
struct DrawPlan {
  std::vector<Sampler> samplers;
  std::vector<bool> correlated;
  Eigen::MatrixXd factor;
  std::uint64_t seed = 0;
  Normal standard{0.0, 1.0};

  DrawPlan(const SimulationSpec& spec, const Eigen::MatrixXd& f) : factor(f), seed(spec.seed) {
    const auto J = spec.inputs.size();
    for (const auto& in : spec.inputs) samplers.emplace_back(in.distribution);
    correlated.assign(J, false);
    if (factor.size() != 0)
      for (Eigen::Index i = 0; i < factor.rows(); ++i)
        for (Eigen::Index j = 0; j < factor.cols(); ++j)
          if (i != j && (factor(i, j) != 0.0 || factor(j, i) != 0.0)) correlated[static_cast<std::size_t>(i)] = true;
  }

  // `u` and `eps` are scratch of size J.
  void draw(std::int64_t i, std::span<double> out, std::vector<TailProbability>& u, Eigen::VectorXd& eps,
            Eigen::VectorXd& z) const {
    const auto J = samplers.size();
    for (std::size_t j = 0; j < J; ++j) u[j] = uniform_from_bits(splitmix64_at(seed, static_cast<std::uint64_t>(i) * J + j));
    bool any = false;
    for (std::size_t j = 0; j < J; ++j) any = any || correlated[j];
    if (any) {
      for (std::size_t j = 0; j < J; ++j) eps[static_cast<Eigen::Index>(j)] = tail_quantile(standard, u[j]);
      z.noalias() = factor * eps;
      for (std::size_t j = 0; j < J; ++j) {
        if (!correlated[j]) continue;
        const double x = z[static_cast<Eigen::Index>(j)];
        // Φ of the nearer tail, computed directly, so neither tail rounds to 0 or 1.
        if (x <= 0) {
          const double p = std::max(kSmallestTail, boost::math::cdf(standard, x));
          u[j] = {p, 1.0 - p};
        } else {
          const double q = std::max(kSmallestTail, boost::math::cdf(standard, -x));
          u[j] = {1.0 - q, q};
        }
      }
    }
    for (std::size_t j = 0; j < J; ++j) out[j] = samplers[j].quantile(u[j]);
  }
};

// ---- domains of draws ----

DrawDomain intersect(DrawDomain a, const DrawDomain& b) {
  if (b.lo > a.lo || (b.lo == a.lo && b.lo_open)) {
    a.lo = b.lo;
    a.lo_open = b.lo_open;
  }
  a.hi = std::min(a.hi, b.hi);
  return a;
}

DrawDomain target_domain(const ParamTarget& t, DrawOp op) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  DrawDomain d;
  const std::optional<double> base = parameter_value(t);
  // The values the parameter itself may hold (project/validation.hpp).
  double lo = -inf, hi = inf;
  bool open = false;
  if (t.limit) {
    lo = t.limit->min;
    hi = t.limit->max;
    open = t.limit->min_open;
  }
  if (t.kind == ParamKind::Series) {
    if (op == DrawOp::Scale) d.lo = 0;  // a negative scale is refused
    return d;
  }
  switch (op) {
    case DrawOp::Set: return {lo, hi, open};
    case DrawOp::Add: {
      const double v = base.value_or(0.0);
      return {lo - v, hi - v, open};
    }
    case DrawOp::Scale: {
      const double v = base.value_or(0.0);
      if (v > 0) return {std::max(0.0, lo / v), hi / v, open && lo / v >= 0.0};
      if (v < 0) return {hi / v, lo / v, false};
      return d;
    }
  }
  return d;
}

std::string op_name(DrawOp op) {
  switch (op) {
    case DrawOp::Scale: return "scale";
    case DrawOp::Set: return "set";
    case DrawOp::Add: return "add";
  }
  return "scale";
}

double clamp_to(const DrawDomain& d, double x, bool& moved) {
  moved = false;
  if (x < d.lo || (d.lo_open && x <= d.lo)) {
    moved = true;
    return d.lo_open ? std::nextafter(d.lo, std::numeric_limits<double>::infinity()) : d.lo;
  }
  if (x > d.hi) {
    moved = true;
    return d.hi;
  }
  return x;
}

// Neumaier's compensated sum, in the order given.
struct Sum {
  double s = 0, c = 0;
  void add(double x) {
    const double t = s + x;
    c += std::abs(s) >= std::abs(x) ? (s - t) + x : (x - t) + s;
    s = t;
  }
  [[nodiscard]] double value() const { return s + c; }
};

// Why a draw's indicator is absent.
enum Absent : std::uint8_t { kHasValue, kNoSignChange, kNoRoot, kNotConverged, kNoDebtService, kNoInterest, kNoBond, kNoEconomicCost, kFailed, kReasons };
static_assert(kReasons == kAbsentReasons, "DrawChunk::absent holds a count per reason");
const char* absent_name(std::uint8_t a) {
  switch (a) {
    case kNoSignChange: return "no_sign_change";
    case kNoRoot: return "no_root";
    case kNotConverged: return "not_converged";
    case kNoDebtService: return "no_debt_service";
    case kNoInterest: return "no_interest";
    case kNoBond: return "no_bond_service";
    case kNoEconomicCost: return "no_economic_cost";
    case kFailed: return "evaluation_failed";
    default: return "not_computed";
  }
}
std::uint8_t irr_absent(const IrrResult& r) {
  switch (r.status) {
    case IrrStatus::Converged: return r.rate ? kHasValue : kNoRoot;
    case IrrStatus::NoSignChange: return kNoSignChange;
    case IrrStatus::NoRoot: return kNoRoot;
    case IrrStatus::NotConverged: return kNotConverged;
  }
  return kNoRoot;
}


}  // namespace

// ---- distributions ----

DistributionProblem check_distribution(const Distribution& d, const ParameterText& shown) {
  using namespace appraise::literals;
  using messages::Risk;
  const auto text = [&](std::string_view key, double v) { return shown ? shown(key, v) : fmt::format("{}", v); };
  auto finite = [](std::initializer_list<double> xs) {
    for (double x : xs)
      if (!std::isfinite(x)) return false;
    return true;
  };
  return std::visit(
      [&](const auto& x) -> DistributionProblem {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, NormalDist>) {
          if (!finite({x.mean, x.sd})) return {msg(Risk::dist_mean_sd_numbers), "sd"};
          if (!(x.sd > 0)) return {msg(Risk::dist_sd_not_positive, "sd"_a = text("sd", x.sd)), "sd"};
        } else if constexpr (std::is_same_v<T, LognormalDist>) {
          if (!finite({x.mu, x.sigma})) return {msg(Risk::dist_mu_sigma_numbers), "sigma"};
          if (!(x.sigma > 0)) return {msg(Risk::dist_sigma_not_positive, "sigma"_a = text("sigma", x.sigma)), "sigma"};
        } else if constexpr (std::is_same_v<T, TriangularDist> || std::is_same_v<T, PertDist>) {
          if (!finite({x.min, x.mode, x.max})) return {msg(Risk::dist_min_mode_max_numbers), "min"};
          if (x.min > x.mode)
            return {msg(Risk::dist_min_above_mode, "min"_a = text("min", x.min), "mode"_a = text("mode", x.mode)), "min"};
          if (x.mode > x.max)
            return {msg(Risk::dist_mode_above_max, "mode"_a = text("mode", x.mode), "max"_a = text("max", x.max)), "max"};
          if (!(x.min < x.max)) return {msg(Risk::dist_no_spread, "value"_a = text("min", x.min)), "max"};
        } else if constexpr (std::is_same_v<T, UniformDist>) {
          if (!finite({x.min, x.max})) return {msg(Risk::dist_min_max_numbers), "min"};
          if (!(x.min < x.max))
            return {msg(Risk::dist_min_not_below_max, "min"_a = text("min", x.min), "max"_a = text("max", x.max)), "max"};
        } else {
          if (x.values.empty()) return {msg(Risk::dist_no_values), "values"};
          if (x.values.size() != x.probabilities.size())
            return {msg(Risk::dist_values_probabilities, "values"_a = x.values.size(), "probabilities"_a = x.probabilities.size()),
                    "probabilities"};
          double sum = 0;
          for (std::size_t i = 0; i < x.values.size(); ++i) {
            if (!std::isfinite(x.values[i])) return {msg(Risk::dist_value_not_number), "values"};
            if (!(x.probabilities[i] >= 0) || !std::isfinite(x.probabilities[i]))
              return {msg(Risk::dist_probability_negative, "p"_a = fmt::format("{}", x.probabilities[i])), "probabilities"};
            sum += x.probabilities[i];
          }
          if (std::abs(sum - 1.0) > 1e-9) return {msg(Risk::dist_probabilities_sum, "sum"_a = fmt::format("{:.10g}", sum)), "probabilities"};
        }
        return {};
      },
      d);
}

double distribution_quantile(const Distribution& d, TailProbability t) { return Sampler(d, true).quantile(t); }

// ---- the tabulated beta quantile ----

namespace {
constexpr int kBetaNodes = 1024;  // intervals per half
}

BetaQuantile::BetaQuantile(double a, double b) {
  // One half: x(s) = Q_{a,b}(s^a) for s in [0, ½^(1/a)], with dx/ds = a·s^(a−1) / pdf(x), and
  // at s = 0 the limit (a·B(a, b))^(1/a).
  auto build = [](double a_, double b_) {
    Half half;
    half.exponent = a_;
    const Beta dist(a_, b_);
    const double top = std::pow(0.5, 1.0 / a_);
    half.h = top / kBetaNodes;
    half.x.resize(kBetaNodes + 1);
    half.slope.resize(kBetaNodes + 1);
    for (int k = 0; k <= kBetaNodes; ++k) {
      const double s = k == kBetaNodes ? top : half.h * k;
      if (k == 0) {
        half.x[0] = 0.0;
        half.slope[0] = std::pow(a_ * boost::math::beta(a_, b_, Policy()), 1.0 / a_);
        continue;
      }
      const double p = std::pow(s, a_);
      const double x = boost::math::quantile(dist, p);
      half.x[static_cast<std::size_t>(k)] = x;
      half.slope[static_cast<std::size_t>(k)] = a_ * std::pow(s, a_ - 1.0) / boost::math::pdf(dist, x);
    }
    return half;
  };
  lower_ = build(a, b);
  upper_ = build(b, a);  // 1 − X ~ Beta(b, a)
}

double BetaQuantile::Half::at(double s) const {
  const double u = s / h;
  const int k = std::min(static_cast<int>(u), kBetaNodes - 1);
  const double t = u - k, t2 = t * t, t3 = t2 * t;
  const auto i = static_cast<std::size_t>(k);
  // Cubic Hermite on [s_k, s_k+1] with values x and slopes·h at both ends.
  return (2 * t3 - 3 * t2 + 1) * x[i] + (t3 - 2 * t2 + t) * h * slope[i] + (-2 * t3 + 3 * t2) * x[i + 1] +
         (t3 - t2) * h * slope[i + 1];
}

double BetaQuantile::operator()(TailProbability t) const {
  if (t.p <= 0.5) return lower_.at(std::pow(t.p, 1.0 / lower_.exponent));
  return 1.0 - upper_.at(std::pow(t.q, 1.0 / upper_.exponent));
}

double distribution_cdf(const Distribution& d, double x) {
  return std::visit(
      [x](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NormalDist>) return boost::math::cdf(Normal(v.mean, v.sd), x);
        else if constexpr (std::is_same_v<T, LognormalDist>) return x <= 0 ? 0.0 : boost::math::cdf(Lognormal(v.mu, v.sigma), x);
        else if constexpr (std::is_same_v<T, TriangularDist>)
          return x <= v.min ? 0.0 : x >= v.max ? 1.0 : boost::math::cdf(Triangular(v.min, v.mode, v.max), x);
        else if constexpr (std::is_same_v<T, PertDist>)
          return x <= v.min ? 0.0 : x >= v.max ? 1.0 : boost::math::cdf(Beta(pert_alpha(v), pert_beta(v)), (x - v.min) / (v.max - v.min));
        else if constexpr (std::is_same_v<T, UniformDist>)
          return x <= v.min ? 0.0 : x >= v.max ? 1.0 : (x - v.min) / (v.max - v.min);
        else {
          double c = 0;
          for (std::size_t i = 0; i < v.values.size(); ++i)
            if (v.values[i] <= x) c += v.probabilities[i];
          return std::min(1.0, c);
        }
      },
      d);
}

double distribution_mean(const Distribution& d) {
  return std::visit(
      [](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NormalDist>) return v.mean;
        else if constexpr (std::is_same_v<T, LognormalDist>) return std::exp(v.mu + v.sigma * v.sigma / 2);
        else if constexpr (std::is_same_v<T, TriangularDist>) return (v.min + v.mode + v.max) / 3;
        else if constexpr (std::is_same_v<T, PertDist>) return (v.min + 4 * v.mode + v.max) / 6;
        else if constexpr (std::is_same_v<T, UniformDist>) return (v.min + v.max) / 2;
        else {
          double m = 0;
          for (std::size_t i = 0; i < v.values.size(); ++i) m += v.values[i] * v.probabilities[i];
          return m;
        }
      },
      d);
}

double distribution_sd(const Distribution& d) {
  return std::visit(
      [&d](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NormalDist>) return v.sd;
        else if constexpr (std::is_same_v<T, LognormalDist>)
          return std::sqrt(std::expm1(v.sigma * v.sigma)) * std::exp(v.mu + v.sigma * v.sigma / 2);
        else if constexpr (std::is_same_v<T, TriangularDist>)
          return std::sqrt((v.min * v.min + v.mode * v.mode + v.max * v.max - v.min * v.mode - v.min * v.max - v.mode * v.max) / 18);
        else if constexpr (std::is_same_v<T, PertDist>) {
          const double a = pert_alpha(v), b = pert_beta(v);
          return (v.max - v.min) * std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        } else if constexpr (std::is_same_v<T, UniformDist>) return (v.max - v.min) / std::sqrt(12.0);
        else {
          const double m = distribution_mean(d);
          double s = 0;
          for (std::size_t i = 0; i < v.values.size(); ++i) s += (v.values[i] - m) * (v.values[i] - m) * v.probabilities[i];
          return std::sqrt(s);
        }
      },
      d);
}

std::pair<double, double> distribution_support(const Distribution& d) {
  return std::visit(
      [](const auto& v) -> std::pair<double, double> {
        constexpr double inf = std::numeric_limits<double>::infinity();
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NormalDist>) return {-inf, inf};
        else if constexpr (std::is_same_v<T, LognormalDist>) return {0.0, inf};
        else if constexpr (std::is_same_v<T, DiscreteDist>) {
          double lo = inf, hi = -inf;
          for (std::size_t i = 0; i < v.values.size(); ++i)
            if (v.probabilities[i] > 0) lo = std::min(lo, v.values[i]), hi = std::max(hi, v.values[i]);
          return {lo, hi};
        } else return {v.min, v.max};
      },
      d);
}

std::string distribution_type(const Distribution& d) {
  static const char* names[] = {"normal", "lognormal", "triangular", "pert", "uniform", "discrete"};
  return names[d.index()];
}

Message describe_distribution(const Distribution& d) {
  const auto g = [](double v) { return fmt::format("{:g}", v); };
  return std::visit(
      [&](const auto& v) -> Message {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NormalDist>) return msg(messages::Risk::dist_normal, "mean"_a = g(v.mean), "sd"_a = g(v.sd));
        else if constexpr (std::is_same_v<T, LognormalDist>)
          return msg(messages::Risk::dist_lognormal, "mu"_a = g(v.mu), "sigma"_a = g(v.sigma));
        else if constexpr (std::is_same_v<T, TriangularDist>)
          return msg(messages::Risk::dist_triangular, "min"_a = g(v.min), "mode"_a = g(v.mode), "max"_a = g(v.max));
        else if constexpr (std::is_same_v<T, PertDist>)
          return msg(messages::Risk::dist_pert, "min"_a = g(v.min), "mode"_a = g(v.mode), "max"_a = g(v.max));
        else if constexpr (std::is_same_v<T, UniformDist>)
          return msg(messages::Risk::dist_uniform, "min"_a = g(v.min), "max"_a = g(v.max));
        else {
          std::string values;
          for (std::size_t i = 0; i < v.values.size(); ++i)
            values += fmt::format("{}{:g}: {:g}%", i ? ", " : "", v.values[i], v.probabilities[i] * 100);
          return msg(messages::Risk::dist_discrete, "values"_a = values);
        }
      },
      d);
}

// ---- generator ----

std::uint64_t splitmix64_at(std::uint64_t seed, std::uint64_t k) {
  std::uint64_t z = seed + (k + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

TailProbability uniform_from_bits(std::uint64_t x) {
  // (2k + 1)·2^-53 for k in [0, 2^52): every such value is a double (below 1 doubles are spaced
  // 2^-53 apart at most), the largest is 1 − 2^-53, and for p ≥ 1/2 the difference 1 − p is
  // exact (Sterbenz), so the upper tail q is exact where it is used.
  const double p = (static_cast<double>(x >> 12) + 0.5) * 0x1.0p-52;
  return {p, 1.0 - p};
}

// ---- correlation ----

Message check_correlation(const Eigen::MatrixXd& c, double* min_eigenvalue) {
  using namespace appraise::literals;
  using messages::Risk;
  if (c.rows() != c.cols()) return msg(Risk::corr_not_square, "rows"_a = c.rows(), "cols"_a = c.cols());
  for (Eigen::Index i = 0; i < c.rows(); ++i)
    for (Eigen::Index j = 0; j < c.cols(); ++j) {
      if (!std::isfinite(c(i, j))) return msg(Risk::corr_not_number, "i"_a = i + 1, "j"_a = j + 1);
      if (i == j && std::abs(c(i, j) - 1.0) > 1e-12)
        return msg(Risk::corr_diagonal, "i"_a = i + 1, "value"_a = fmt::format("{:g}", c(i, j)));
      if (std::abs(c(i, j)) > 1.0) return msg(Risk::corr_out_of_range, "i"_a = i + 1, "j"_a = j + 1, "value"_a = fmt::format("{:g}", c(i, j)));
      if (j > i && std::abs(c(i, j) - c(j, i)) > 1e-12)
        return msg(Risk::corr_not_symmetric, "i"_a = i + 1, "j"_a = j + 1, "a"_a = fmt::format("{:g}", c(i, j)),
                   "b"_a = fmt::format("{:g}", c(j, i)));
    }
  if (c.size() == 0) return {};
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(c, Eigen::EigenvaluesOnly);
  const double lo = es.eigenvalues().minCoeff();
  if (min_eigenvalue) *min_eigenvalue = lo;
  if (lo < -1e-10)
    return msg(Risk::corr_not_psd, "lo"_a = fmt::format("{:.6g}", lo));
  return {};
}

Eigen::MatrixXd correlation_factor(const Eigen::MatrixXd& c) {
  Eigen::LLT<Eigen::MatrixXd> llt(c);
  if (llt.info() == Eigen::Success) return llt.matrixL();
  // Semi-definite (e.g. a correlation of exactly 1): LDLᵀ with pivoting, C = Pᵀ L D Lᵀ P.
  Eigen::LDLT<Eigen::MatrixXd> ldlt(c);
  const Eigen::VectorXd d = ldlt.vectorD().cwiseMax(0.0).cwiseSqrt();
  const Eigen::MatrixXd l = ldlt.matrixL();
  const Eigen::MatrixXd ld = l * d.asDiagonal();
  return ldlt.transpositionsP().transpose() * ld;
}

// ---- checks ----

DrawDomain draw_domain(const ProjectModel& model, const UncertainInput& input, Message* problem) {
  using namespace appraise::literals;
  ProjectModel m = model;
  DrawDomain d;
  for (const auto& path : input.paths) {
    const auto targets = match_parameters(m, path);
    if (targets.empty() && problem) *problem = msg(messages::Risk::draw_matches_nothing, "path"_a = path);
    for (const auto& t : targets) {
      if (t.kind == ParamKind::Word && problem) *problem = msg(messages::Risk::draw_word_path, "path"_a = t.path);
      d = intersect(d, target_domain(t, input.op));
    }
  }
  return d;
}

Message check_input(const ProjectModel& model, const UncertainInput& in) {
  using namespace appraise::literals;
  if (in.paths.empty()) return msg(messages::Risk::input_no_path);
  if (auto problem = check_distribution(in.distribution); !problem.why.empty()) return problem.why;
  Message problem;
  const DrawDomain dom = draw_domain(model, in, &problem);
  if (!problem.empty()) return problem;
  ProjectModel m = model;
  bool whole_years = false;
  for (const auto& p : in.paths)
    for (const auto& t : match_parameters(m, p)) whole_years = whole_years || t.kind == ParamKind::Years;
  if (whole_years) {
    const auto* disc = std::get_if<DiscreteDist>(&in.distribution);
    bool integral = disc && in.op != DrawOp::Scale;
    if (disc)
      for (const double v : disc->values) integral = integral && v == std::floor(v);
    if (!integral) return msg(messages::Risk::draw_whole_years);
  }
  // A discrete distribution has few values: each must leave the model valid, relations included
  // (a drawn grace period that pushes repayment past the period), as a scenario change must.
  if (const auto* disc = std::get_if<DiscreteDist>(&in.distribution))
    for (const double v : disc->values) {
      ProjectModel probe = model;
      for (const auto& p : in.paths)
        if (auto why = apply_change(probe, {p, in.op == DrawOp::Set ? ChangeOp::Set : in.op == DrawOp::Add ? ChangeOp::Add : ChangeOp::Scale, v, {}});
            !why.empty())
          return msg(messages::Project::with_the_value, "value"_a = fmt::format("{:g}", v), "why"_a = why);
    }
  const auto [lo, hi] = distribution_support(in.distribution);
  const bool bounded = std::isfinite(lo) && std::isfinite(hi);
  // The values the drawn value may take, as the messages say them (an infinite end unsaid).
  const auto g = [](double v) { return fmt::format("{:g}", v); };
  using messages::Risk;
  const Message range = !std::isfinite(dom.hi) ? msg(dom.lo_open ? Risk::draw_range_above : Risk::draw_range_at_least, "lo"_a = g(dom.lo))
                        : !std::isfinite(dom.lo) ? msg(Risk::draw_range_at_most, "hi"_a = g(dom.hi))
                        : msg(dom.lo_open ? Risk::draw_range_above_at_most : Risk::draw_range_from_to, "lo"_a = g(dom.lo), "hi"_a = g(dom.hi));
  if (bounded) {
    if (lo < dom.lo || (dom.lo_open && lo <= dom.lo) || hi > dom.hi)
      return msg(Risk::draw_bounded_outside, "lo"_a = g(lo), "hi"_a = g(hi), "op"_a = op_name(in.op), "range"_a = range);
    return {};
  }
  const double below = std::isfinite(dom.lo) ? distribution_cdf(in.distribution, dom.lo) : 0.0;
  const double above = std::isfinite(dom.hi) ? 1.0 - distribution_cdf(in.distribution, dom.hi) : 0.0;
  if (below + above > 1e-6)
    return msg(Risk::draw_unbounded_outside, "distribution"_a = describe_distribution(in.distribution), "range"_a = range,
               "percent"_a = fmt::format("{:.3g}", (below + above) * 100));
  return {};
}

std::vector<std::string> check_simulation(const ProjectModel& model, const SimulationSpec& spec) {
  std::vector<std::string> out;
  if (spec.draws < 1 || spec.draws > kMaxDraws)
    out.push_back(fmt::format("draws: {} is outside 1 to {} (each draw keeps one number per indicator in memory)", spec.draws, kMaxDraws));
  if (spec.threads < 1 || spec.threads > kMaxThreads) out.push_back(fmt::format("threads: {} is outside 1 to {}", spec.threads, kMaxThreads));
  if (spec.histogram_bins < 1 || spec.histogram_bins > 1000) out.push_back(fmt::format("bins: {} is outside 1 to 1000", spec.histogram_bins));
  if (spec.inputs.empty()) out.push_back("inputs: the simulation has no uncertain inputs");
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const auto& in = spec.inputs[i];
    const std::string name = in.name.empty() ? fmt::format("inputs[{}]", i) : in.name;
    for (std::size_t k = 0; k < i; ++k)
      if (spec.inputs[k].name == in.name) out.push_back(fmt::format("{}: a second input has this name", name));
    if (auto why = check_input(model, in); !why.empty()) out.push_back(fmt::format("{}: {}", name, why.en));
  }
  if (spec.correlation.size() != 0) {
    const auto J = static_cast<Eigen::Index>(spec.inputs.size());
    if (spec.correlation.rows() != J || spec.correlation.cols() != J)
      out.push_back(fmt::format("correlation: the matrix is {}×{} but there are {} inputs", spec.correlation.rows(),
                                spec.correlation.cols(), J));
    else if (auto why = check_correlation(spec.correlation); !why.empty())
      out.push_back("correlation: " + why.en);
  }
  return out;
}

std::string_view key_of(RiskIndicator i, bool incremental) {
  switch (i) {
    case RiskIndicator::FnpvPostTax: return incremental ? "fnpv_incremental_post_tax" : "fnpv_post_tax";
    case RiskIndicator::FnpvPreTax: return incremental ? "fnpv_incremental_pre_tax" : "fnpv_pre_tax";
    case RiskIndicator::FirrPostTax: return incremental ? "firr_incremental_post_tax" : "firr_post_tax";
    case RiskIndicator::FirrPreTax: return incremental ? "firr_incremental_pre_tax" : "firr_pre_tax";
    case RiskIndicator::EquityIrr: return "equity_irr";
    case RiskIndicator::DscrMin: return "dscr_min";
    case RiskIndicator::IcrMin: return "icr_min";
    case RiskIndicator::BondCoverage: return "bond_coverage";
    case RiskIndicator::Enpv: return "enpv";
    case RiskIndicator::Eirr: return "eirr";
    case RiskIndicator::Ebcr: return "ebcr";
    case RiskIndicator::FiscalCostPv: return "fiscal_cost_pv";
  }
  return "fnpv_post_tax";
}

bool has_indicator(const ProjectModel& model, RiskIndicator i) {
  switch (i) {
    case RiskIndicator::Enpv:
    case RiskIndicator::Eirr:
    case RiskIndicator::Ebcr: return model.economic.has_value();
    case RiskIndicator::FiscalCostPv: return reports_fiscal_cost(model);
    default: return true;
  }
}

void draw_inputs(const SimulationSpec& spec, const Eigen::MatrixXd& factor, std::int64_t draw, std::span<double> out) {
  const DrawPlan plan(spec, factor);
  const auto J = spec.inputs.size();
  std::vector<TailProbability> u(J);
  Eigen::VectorXd eps(static_cast<Eigen::Index>(J)), z(static_cast<Eigen::Index>(J));
  plan.draw(draw, out, u, eps, z);
}

// ---- statistics ----

double percentile_sorted(std::span<const double> x, double p) {
  if (x.empty()) return kNaN;
  const double h = static_cast<double>(x.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= x.size()) return x.back();
  return x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]);
}

namespace {

// Puts the order statistics at `positions` (ascending, unique, within [lo, hi)) of `v` in
// place, as a full sort would: afterwards v[p] is the value a sorted copy has at p, for each p
// asked for. Large ranges are distributed by value into ordered buckets (a counting sort by
// bucket: two passes), so that each position is then selected within its bucket only; small
// ranges, and ranges a bucketing cannot split (one value, or a spread a double cannot hold),
// use nested nth_element. Buckets are ordered because the bucket of x, floor((x − min)·scale),
// never decreases as x grows (each operation rounds monotonically), so the values at the
// positions are exact order statistics: percentiles equal those of a sorted copy.
void select_positions(std::vector<double>& v, std::size_t lo, std::size_t hi, const std::size_t* first, const std::size_t* last,
                      std::vector<double>& scratch) {
  if (first == last || lo >= hi) return;
  const auto b = v.begin();
  constexpr std::size_t kBuckets = 4096, kSmall = 8192;
  double mn = v[lo], mx = v[lo];
  if (hi - lo >= kSmall)
    for (std::size_t i = lo; i < hi; ++i) {
      mn = std::min(mn, v[i]);
      mx = std::max(mx, v[i]);
    }
  const double spread = mx - mn, scale = static_cast<double>(kBuckets) / spread;
  if (hi - lo < kSmall || !(spread > 0) || !std::isfinite(spread) || !std::isfinite(scale)) {
    if (hi - lo >= kSmall && spread == 0) return;  // every value equal: already in order
    const std::size_t* mid = first + (last - first) / 2;
    std::nth_element(b + static_cast<std::ptrdiff_t>(lo), b + static_cast<std::ptrdiff_t>(*mid), b + static_cast<std::ptrdiff_t>(hi));
    select_positions(v, lo, *mid, first, mid, scratch);
    select_positions(v, *mid + 1, hi, mid + 1, last, scratch);
    return;
  }
  const auto bucket = [&](double x) { return std::min(kBuckets - 1, static_cast<std::size_t>((x - mn) * scale)); };
  std::array<std::size_t, kBuckets + 1> start{};
  for (std::size_t i = lo; i < hi; ++i) ++start[bucket(v[i]) + 1];
  for (std::size_t k = 0; k < kBuckets; ++k) start[k + 1] += start[k];
  scratch.resize(hi - lo);
  std::array<std::size_t, kBuckets> fill;
  std::copy(start.begin(), start.end() - 1, fill.begin());
  for (std::size_t i = lo; i < hi; ++i) scratch[fill[bucket(v[i])]++] = v[i];
  std::copy(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(hi - lo), b + static_cast<std::ptrdiff_t>(lo));
  // Each bucket that holds a wanted position, with the positions it holds.
  for (const std::size_t* p = first; p != last;) {
    std::size_t k = static_cast<std::size_t>(std::upper_bound(start.begin(), start.end(), *p - lo) - start.begin()) - 1;
    const std::size_t b_lo = lo + start[k], b_hi = lo + start[k + 1];
    const std::size_t* q = p;
    while (q != last && *q < b_hi) ++q;
    // A bucket as large as the range (values crowded at one end) would not shrink: select in it
    // directly rather than bucketing it again at the same spread.
    if (b_hi - b_lo == hi - lo) {
      const std::size_t* mid = p + (q - p) / 2;
      std::nth_element(b + static_cast<std::ptrdiff_t>(b_lo), b + static_cast<std::ptrdiff_t>(*mid), b + static_cast<std::ptrdiff_t>(b_hi));
      select_positions(v, b_lo, *mid, p, mid, scratch);
      select_positions(v, *mid + 1, b_hi, mid + 1, q, scratch);
    } else {
      select_positions(v, b_lo, b_hi, p, q, scratch);
    }
    p = q;
  }
}

// PERCENTILE.INC read from a vector whose order statistics at floor(h) and floor(h) + 1 are in place.
double percentile_selected(const std::vector<double>& x, double p) {
  const double h = static_cast<double>(x.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= x.size()) return x.back();
  return x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]);
}

}  // namespace

IndicatorStats indicator_stats(std::span<const double> values, int bins, std::optional<double> threshold) {
  IndicatorStats s;
  s.computed = true;
  s.threshold = threshold;
  std::vector<double> v;
  v.reserve(values.size());
  for (const double x : values)
    if (std::isfinite(x)) v.push_back(x);
  s.count = static_cast<std::int64_t>(v.size());
  s.absent = static_cast<std::int64_t>(values.size()) - s.count;
  if (v.empty()) return s;
  Sum sum;
  for (const double x : v) sum.add(x);
  const double mean = sum.value() / static_cast<double>(v.size());
  Sum sq;
  for (const double x : v) sq.add((x - mean) * (x - mean));
  s.mean = mean;
  if (v.size() > 1) s.sd = std::sqrt(sq.value() / static_cast<double>(v.size() - 1));
  if (threshold) {
    for (const double x : v) s.below_count += x < *threshold ? 1 : 0;
    s.below = static_cast<double>(s.below_count) / static_cast<double>(v.size());
  }
  static constexpr double kPercentiles[] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
  std::vector<std::size_t> positions;
  auto want = [&](double p) {
    const auto k = static_cast<std::size_t>(std::floor(static_cast<double>(v.size() - 1) * p));
    positions.push_back(k);
    if (k + 1 < v.size()) positions.push_back(k + 1);
  };
  for (const double p : kPercentiles) want(p);
  for (int k = 0; k <= 100; ++k) want(k / 100.0);
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  std::vector<double> scratch;
  select_positions(v, 0, v.size(), positions.data(), positions.data() + positions.size(), scratch);
  s.min = v.front();
  s.max = v.back();
  for (const double p : kPercentiles) s.percentiles.emplace_back(p, percentile_selected(v, p));
  for (int k = 0; k <= 100; ++k) s.cdf.push_back(percentile_selected(v, k / 100.0));
  const double lo = v.front(), hi = v.back();
  const int nb = hi > lo ? bins : 1;
  // A spread wider than the largest double (values near ±1.8e308) is binned in halves, which
  // are exact and cannot overflow.
  const bool wide = !std::isfinite(hi - lo);
  const double w = wide ? (hi / 2 - lo / 2) / nb : (hi - lo) / nb;
  const auto edge = [&](int b) { return wide ? 2 * (lo / 2 + b * w) : lo + b * w; };
  for (int b = 0; b < nb; ++b) s.histogram.push_back({edge(b), b + 1 == nb ? hi : edge(b + 1), 0});
  for (const double x : v) {
    int b = w > 0 ? static_cast<int>((wide ? x / 2 - lo / 2 : x - lo) / w) : 0;
    b = std::clamp(b, 0, nb - 1);
    ++s.histogram[static_cast<std::size_t>(b)].count;
  }
  return s;
}

// ---- applying a draw ----

DrawApplier::DrawApplier(EvaluationPlan& plan, const std::vector<UncertainInput>& inputs) : plan_(plan) {
  for (std::size_t j = 0; j < inputs.size(); ++j)
    for (const auto& path : inputs[j].paths)
      for (auto& t : match_parameters(plan_.model(), path)) {
        Slot s{j, inputs[j].op, t, 0.0, std::nullopt, 0, {}};
        if (t.number) s.number = *t.number;
        if (t.maybe) s.maybe = *t.maybe;
        if (t.years) {
          s.years = *t.years;
          reshapes_ = true;
          scope_ = ValidationScope::all();
        }
        scope_.add(ValidationScope::of_path(t.path));
        if (t.series) {
          s.series = *t.series;
          if (std::find(touched_.begin(), touched_.end(), t.series) == touched_.end()) touched_.push_back(t.series);
        }
        slots_.push_back(std::move(s));
      }
  // A draw validates the parts of the model its inputs write (validation.hpp says why that is
  // validating the whole model): for a base model that is valid, as every door makes it. One
  // that is not (built in code) keeps every rule, so every draw is refused as before.
  if (!validate(plan_.model()).empty()) scope_ = ValidationScope::all();
}

Message DrawApplier::apply(std::span<const double> x) {
  using namespace appraise::literals;
  // Back to the base values first: several inputs may change one value.
  for (const auto& s : slots_) {
    if (s.t.number) *s.t.number = s.number;
    if (s.t.maybe) *s.t.maybe = s.maybe;
    if (s.t.years) *s.t.years = s.years;
    if (s.t.series) {
      if (s.op == DrawOp::Set || s.t.series->form != s.series.form) *s.t.series = s.series;
      s.t.series->scale = s.series.scale;
      s.t.series->offset = s.series.offset;
    }
  }
  for (const auto& s : slots_) {
    const double v = x[s.input];
    if (s.t.series) {
      Series& se = *s.t.series;
      switch (s.op) {
        case DrawOp::Set: se = Series::of(v); break;
        case DrawOp::Scale: se.scale *= v; break;
        case DrawOp::Add: se.offset += v; break;
      }
      continue;
    }
    double cur = 0;
    if (s.t.number) cur = *s.t.number;
    else if (s.t.years) cur = *s.t.years;
    else if (s.t.maybe) {
      if (!*s.t.maybe && s.op != DrawOp::Set)
        return msg(messages::Scenario::not_given_cannot_shift, "path"_a = s.t.path);
      cur = s.t.maybe->value_or(0.0);
    }
    switch (s.op) {
      case DrawOp::Set: cur = v; break;
      case DrawOp::Scale: cur *= v; break;
      case DrawOp::Add: cur += v; break;
    }
    // Clamped to the value's limit before it gets here, so this refuses only what clamping
    // cannot mend (a number of years that is not whole); nothing is formatted unless it fails.
    if (s.t.limit && !within(*s.t.limit, cur))
      return msg(messages::Project::change_out_of_range, "path"_a = s.t.path, "value"_a = value_text(*s.t.limit, cur),
                 "range"_a = range_text(*s.t.limit));
    if (s.t.number) *s.t.number = cur;
    if (s.t.maybe) *s.t.maybe = cur;
    if (s.t.years) *s.t.years = static_cast<int>(cur);
  }
  // The relations (a repayment within the period, shares within 100%, amounts never negative):
  // a draw that breaks one is rejected, never evaluated. No allocation while the model is valid.
  if (const auto violations = validate(plan_.model(), scope_); !violations.empty())
    return msg(messages::Project::drawn_model_breaks_rule, "path"_a = violations.front().path, "why"_a = violations.front().problem.message);
  if (reshapes_) plan_.recompile();
  else
    for (const Series* series : touched_) plan_.refresh(series);
  return {};
}

// ---- drivers ----

namespace {

// A double's bits as an unsigned key in the order of the values: negative values' bits inverted,
// positive values' sign bit set (−0 and +0 are two adjacent keys; NaN is never ranked).
std::uint64_t order_key(double x) {
  const auto b = std::bit_cast<std::uint64_t>(x);
  return b >> 63 ? ~b : b | (std::uint64_t{1} << 63);
}

// Ranks 1..n of x (average ranks for ties), as doubles. The (value, position) pairs are put in
// order of value by an LSD radix sort on order_key, 11 bits a pass (a digit every key shares is
// skipped): linear in n, where comparison sorting a million values per indicator was most of
// the drivers' time. Values equal as doubles are adjacent in that order (−0 beside +0), and the
// average rank of a run of equal values does not depend on the order within it.
void average_ranks(std::span<const double> x, std::vector<std::pair<double, std::uint32_t>>& order, std::vector<double>& rank) {
  const std::size_t n = x.size();
  order.resize(n);
  rank.resize(n);
  {
    constexpr int kBits = 11, kPasses = 6;  // 66 bits cover the key
    constexpr std::size_t kDigits = std::size_t{1} << kBits;
    // Two buffers of (key, position), freed on return: 16 bytes a draw each, for the moment.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> a(n), b(n);
    std::vector<std::size_t> count(kDigits * kPasses, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t k = order_key(x[i]);
      a[i] = {k, static_cast<std::uint32_t>(i)};
      for (int p = 0; p < kPasses; ++p) ++count[static_cast<std::size_t>(p) * kDigits + ((k >> (p * kBits)) & (kDigits - 1))];
    }
    for (int p = 0; p < kPasses; ++p) {
      std::size_t* c = count.data() + static_cast<std::size_t>(p) * kDigits;
      const std::uint64_t first_digit = n ? (a[0].first >> (p * kBits)) & (kDigits - 1) : 0;
      if (c[first_digit] == n) continue;  // every key has this digit: the pass would move nothing
      std::size_t at = 0;
      for (std::size_t d = 0; d < kDigits; ++d) at += std::exchange(c[d], at);
      for (const auto& e : a) b[c[(e.first >> (p * kBits)) & (kDigits - 1)]++] = e;
      a.swap(b);
    }
    for (std::size_t i = 0; i < n; ++i) order[i] = {x[a[i].second], a[i].second};
  }
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && order[j].first == order[i].first) ++j;
    const double r = 0.5 * static_cast<double>(i + 1 + j);  // mean of ranks i+1 … j
    for (std::size_t k = i; k < j; ++k) rank[order[k].second] = r;
    i = j;
  }
}

// Pearson correlation of two equally long vectors (0 when either is constant).
double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

// The inputs' ranks over `keep` (draw indices) and their rank correlation matrix.
void rank_inputs(std::span<const double> inputs, std::size_t J, const std::vector<std::size_t>& keep,
                 std::vector<std::vector<double>>& x_rank, Eigen::MatrixXd& rxx) {
  std::vector<std::pair<double, std::uint32_t>> order;
  std::vector<double> column(keep.size());
  x_rank.assign(J, {});
  for (std::size_t j = 0; j < J; ++j) {
    for (std::size_t k = 0; k < keep.size(); ++k) column[k] = inputs[keep[k] * J + j];
    average_ranks(column, order, x_rank[j]);
  }
  const auto Jn = static_cast<Eigen::Index>(J);
  rxx = Eigen::MatrixXd::Identity(Jn, Jn);
  for (std::size_t j = 0; j < J; ++j)
    for (std::size_t l = 0; l < j; ++l) {
      const double r = pearson(x_rank[j], x_rank[l]);
      rxx(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(l)) = r;
      rxx(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(j)) = r;
    }
}

}  // namespace

DriverSample::DriverSample(std::span<const double> inputs, std::size_t J) : inputs_(inputs), J_(J) {
  draws_ = J == 0 ? 0 : inputs.size() / J;
  std::vector<std::size_t> all(draws_);
  std::iota(all.begin(), all.end(), std::size_t{0});
  rank_inputs(inputs_, J_, all, ranks_, rxx_);
}

DriverAnalysis DriverSample::drivers_of(std::span<const double> output) const {
  DriverAnalysis out;
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < output.size() && i < draws_; ++i)
    if (std::isfinite(output[i])) keep.push_back(i);
  out.sample = static_cast<std::int64_t>(keep.size());
  if (keep.size() < 3 || J_ == 0) return out;
  // The inputs' ranks over every draw of the sample, or over those with a value.
  std::vector<std::vector<double>> subset_ranks;
  Eigen::MatrixXd subset_rxx;
  const bool all = keep.size() == draws_;
  if (!all) rank_inputs(inputs_, J_, keep, subset_ranks, subset_rxx);
  const auto& x_rank = all ? ranks_ : subset_ranks;
  const Eigen::MatrixXd& rxx = all ? rxx_ : subset_rxx;
  std::vector<std::pair<double, std::uint32_t>> order;
  std::vector<double> column(keep.size()), y_rank;
  for (std::size_t k = 0; k < keep.size(); ++k) column[k] = output[keep[k]];
  average_ranks(column, order, y_rank);
  const auto Jn = static_cast<Eigen::Index>(J_);
  Eigen::VectorXd rxy(Jn);
  for (std::size_t j = 0; j < J_; ++j) rxy[static_cast<Eigen::Index>(j)] = pearson(x_rank[j], y_rank);
  // The standardised regression: Rxx · b = rxy (least squares on standardised ranks). A
  // rank-deficient Rxx (an input that never varies, or two that vary together) gets the
  // minimum-norm solution.
  const Eigen::VectorXd b = rxx.completeOrthogonalDecomposition().solve(rxy);
  out.r2 = std::clamp(rxy.dot(b), 0.0, 1.0);
  const double total = b.squaredNorm();
  for (std::size_t j = 0; j < J_; ++j) {
    const double bj = b[static_cast<Eigen::Index>(j)];
    out.drivers.push_back({j, rxy[static_cast<Eigen::Index>(j)], bj, total > 0 ? bj * bj / total : 0.0});
  }
  std::stable_sort(out.drivers.begin(), out.drivers.end(), [](const Driver& x, const Driver& y) { return x.share > y.share; });
  return out;
}

DriverAnalysis rank_drivers(std::span<const double> inputs, std::size_t J, std::span<const double> output) {
  return DriverSample(inputs, J).drivers_of(output);
}

// ---- the simulation ----

namespace {

// What every phase of a run needs of the model and spec: the spec checked, the unchanged model's
// evaluation, the draw plan and domains, and which indicators are collected.
struct RunSetup {
  ProjectResult base;
  std::size_t J = 0;
  std::int64_t N = 0, S = 0, chunks = 0;
  Eigen::MatrixXd factor;
  std::array<bool, kRiskIndicators> collected{};
  double dscr_target = 0;

  RunSetup(const ProjectModel& model, const SimulationSpec& spec) {
    if (const auto problems = check_simulation(model, spec); !problems.empty()) {
      std::string all;
      for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p;
      throw std::invalid_argument(all);
    }
    base = evaluate(model);
    J = spec.inputs.size();
    N = spec.draws;
    S = std::min(N, std::max<std::int64_t>(0, spec.driver_sample));
    chunks = simulation_chunks(N);
    // Correlation: the factor of the matrix, or none for independent inputs.
    if (spec.correlation.size() != 0 && !spec.correlation.isIdentity(0.0)) factor = correlation_factor(spec.correlation);
    // The public view's indicators when the model has their section; bond coverage with a special bond.
    for (std::size_t k = 0; k < collected.size(); ++k) collected[k] = has_indicator(model, static_cast<RiskIndicator>(k));
    collected[static_cast<std::size_t>(RiskIndicator::BondCoverage)] = !base.indicators.bonds.empty();
    dscr_target = spec.dscr_target.value_or(model.targets.dscr);
  }
};

}  // namespace

std::int64_t simulation_chunks(std::int64_t draws) { return (draws + kChunk - 1) / kChunk; }

SimulationShard simulate_shard(const ProjectModel& model, const SimulationSpec& spec, int shard, int shards,
                               const ProgressCallback& progress) {
  if (shards < 1 || shard < 0 || shard >= shards) throw std::invalid_argument("a shard must be one of 1 to the number of shards");
  const RunSetup setup(model, spec);
  const ProjectResult& base = setup.base;
  const auto J = setup.J;
  const std::int64_t N = setup.N, S = setup.S;
  constexpr auto K = static_cast<std::size_t>(kRiskIndicators);
  const auto& collected = setup.collected;

  // This shard's chunks: an even share of the run's, so that shards of any count cover them once.
  SimulationShard out;
  out.draws = N;
  out.first_chunk = setup.chunks * shard / shards;
  out.end_chunk = setup.chunks * (shard + 1) / shards;
  const std::int64_t first = std::min(N, out.first_chunk * kChunk), last = std::min(N, out.end_chunk * kChunk);
  const auto n_draws = static_cast<std::size_t>(last - first);
  const std::int64_t chunks = out.end_chunk - out.first_chunk;

  const DrawPlan plan(spec, setup.factor);
  std::vector<DrawDomain> domains;
  for (const auto& in : spec.inputs) domains.push_back(draw_domain(model, in));

  // What is kept per draw: one double per indicator (the quantiles need them), the inputs of
  // the first `driver_sample` draws (the drivers need their ranks), and everything with
  // keep_samples.
  auto& values = out.values;
  const bool fiscal = collected[static_cast<std::size_t>(RiskIndicator::FiscalCostPv)];
  for (std::size_t k = 0; k < K; ++k)
    if (collected[k]) values[k].assign(n_draws, kNaN);
  const std::int64_t driver_end = std::min(last, std::max(first, S));
  out.driver_inputs.assign(static_cast<std::size_t>(driver_end - first) * J, kNaN);
  if (spec.keep_samples) out.input_samples.assign(n_draws * J, kNaN);

  const double dscr_target = setup.dscr_target;
  const int n = base.years, C = base.construction_years;

  // Sums per chunk, combined in chunk order afterwards (independent of threads and shards).
  std::vector<DrawChunk>& sums = out.chunks;
  sums.resize(static_cast<std::size_t>(chunks));
  std::vector<double> shift(J);
  for (std::size_t j = 0; j < J; ++j) shift[j] = distribution_mean(spec.inputs[j].distribution);

  std::atomic<std::int64_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex mu;
  std::condition_variable cv;
  int running = spec.threads;

  auto worker = [&]() {
    try {
      std::vector<double> x(J);
      std::vector<TailProbability> u(J);
      Eigen::VectorXd eps(static_cast<Eigen::Index>(J)), z(static_cast<Eigen::Index>(J));
      // Each worker compiles its own plan: the draws write into it.
      EvaluationPlan evaluation(model);
      DrawApplier applier(evaluation, spec.inputs);
      EvaluationBuffers buffers;
      Outputs outputs = Outputs::indicators(true);
      outputs.fiscal = fiscal;  // step 13 only when its figure is collected
      while (!stop) {
        const std::int64_t local = next++;
        if (local >= chunks) break;
        const std::int64_t c = out.first_chunk + local;
        DrawChunk& cs = sums[static_cast<std::size_t>(local)];
        cs.s1.assign(J, 0.0);
        cs.s2.assign(J * J, 0.0);
        cs.clamped.assign(J, 0);
        cs.dscr_count.assign(static_cast<std::size_t>(n), 0);
        cs.dscr_below.assign(static_cast<std::size_t>(n), 0);
        const std::int64_t end = std::min(N, (c + 1) * kChunk);
        for (std::int64_t i = c * kChunk; i < end; ++i) {
          const auto ui = static_cast<std::size_t>(i - first);  // the draw's place in this shard
          plan.draw(i, x, u, eps, z);
          for (std::size_t j = 0; j < J; ++j) {
            bool moved = false;
            x[j] = clamp_to(domains[j], x[j], moved);
            cs.clamped[j] += moved ? 1 : 0;
            const double dj = x[j] - shift[j];
            cs.s1[j] += dj;
            for (std::size_t l = 0; l <= j; ++l) cs.s2[j * J + l] += dj * (x[l] - shift[l]);
          }
          if (spec.keep_samples) std::copy(x.begin(), x.end(), out.input_samples.begin() + static_cast<std::ptrdiff_t>(ui * J));
          if (i < S) std::copy(x.begin(), x.end(), out.driver_inputs.begin() + static_cast<std::ptrdiff_t>(ui * J));
          auto put = [&](RiskIndicator k, std::optional<double> v, std::uint8_t why) {
            const auto kk = static_cast<std::size_t>(k);
            if (!collected[kk]) return;
            values[kk][ui] = v ? *v : kNaN;
            ++cs.absent[kk][v ? std::uint8_t{kHasValue} : why];
          };
          Message why = applier.apply(x);
          if (why.empty()) {
            try {
              evaluate_into(evaluation, buffers, outputs);
            } catch (const EvaluationError& e) {
              why = e.message;
            } catch (const std::exception& e) {
              why = message_of(e);
            }
          }
          if (!why.empty()) {
            for (int k = 0; k < kRiskIndicators; ++k) put(static_cast<RiskIndicator>(k), std::nullopt, kFailed);
            if (cs.failed++ == 0) cs.first_failure = msg(messages::Risk::draw_failed, "draw"_a = i, "why"_a = why);
            continue;
          }
          const ProjectResult& r = buffers.result;
          const auto& ind = r.indicators;
          const DecisionIndicators d = decision_indicators(r);  // the increments of a with/without model
          put(RiskIndicator::FnpvPostTax, d.fnpv_post_tax, kHasValue);
          put(RiskIndicator::FnpvPreTax, d.fnpv_pre_tax, kHasValue);
          put(RiskIndicator::FirrPostTax, d.firr_post_tax.rate, irr_absent(d.firr_post_tax));
          put(RiskIndicator::FirrPreTax, d.firr_pre_tax.rate, irr_absent(d.firr_pre_tax));
          put(RiskIndicator::EquityIrr, ind.equity_irr.rate, irr_absent(ind.equity_irr));
          put(RiskIndicator::DscrMin, ind.dscr_min.value, kNoDebtService);
          put(RiskIndicator::IcrMin, ind.icr_min.value, kNoInterest);
          put(RiskIndicator::BondCoverage, lowest_bond_coverage(ind), kNoBond);
          const auto& e = r.economic.indicators;
          put(RiskIndicator::Enpv, e.enpv, kHasValue);
          put(RiskIndicator::Eirr, e.eirr.rate, irr_absent(e.eirr));
          put(RiskIndicator::Ebcr, e.ebcr.value, kNoEconomicCost);
          put(RiskIndicator::FiscalCostPv, r.fiscal.cost_pv, kHasValue);
          // DSCR by calendar year of the unchanged model (a draw that moves years is counted
          // in the years they share).
          const auto& dscr = r.financing.dscr;
          for (int y = C; y < n; ++y) {
            const int t = base.first_year + y - r.first_year;
            if (t < 0 || t >= dscr.size() || !std::isfinite(dscr[t])) continue;
            ++cs.dscr_count[static_cast<std::size_t>(y)];
            cs.dscr_below[static_cast<std::size_t>(y)] += dscr[t] < dscr_target ? 1 : 0;
          }
        }
        done += end - c * kChunk;
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!error) error = std::current_exception();
      stop = true;
    }
    std::lock_guard<std::mutex> lock(mu);
    --running;
    cv.notify_all();
  };
  {
    std::vector<std::thread> pool;
    for (int t = 0; t < spec.threads; ++t) pool.emplace_back(worker);
    std::unique_lock<std::mutex> lock(mu);
    while (running > 0) {
      cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; });
      if (progress && running > 0) {
        lock.unlock();
        progress(done.load(), last - first);
        lock.lock();
      }
    }
    lock.unlock();
    for (auto& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  if (progress) progress(last - first, last - first);
  return out;
}

SimulationResult combine_shards(const ProjectModel& model, const SimulationSpec& spec, std::vector<SimulationShard> shards) {
  const RunSetup setup(model, spec);
  const ProjectResult& base = setup.base;
  const auto J = setup.J;
  const std::int64_t N = setup.N, S = setup.S;
  constexpr auto K = static_cast<std::size_t>(kRiskIndicators);
  const auto& collected = setup.collected;
  const int n = base.years, C = base.construction_years;

  // The shards in chunk order must cover the run's chunks once, each with the draws it says.
  // (An empty shard, of more shards than chunks, sorts before the shard that starts where it is.)
  std::sort(shards.begin(), shards.end(), [](const SimulationShard& a, const SimulationShard& b) {
    return std::pair(a.first_chunk, a.end_chunk) < std::pair(b.first_chunk, b.end_chunk);
  });
  std::int64_t expected = 0;
  for (const auto& sh : shards) {
    const std::int64_t first = std::min(N, sh.first_chunk * kChunk), last = std::min(N, sh.end_chunk * kChunk);
    const auto n_draws = static_cast<std::size_t>(std::max<std::int64_t>(0, last - first));
    bool ok = sh.draws == N && sh.first_chunk == expected && sh.end_chunk >= sh.first_chunk &&
              sh.chunks.size() == static_cast<std::size_t>(sh.end_chunk - sh.first_chunk) &&
              sh.driver_inputs.size() == static_cast<std::size_t>(std::max<std::int64_t>(0, std::min(last, std::max(first, S)) - first)) * J &&
              (!spec.keep_samples || sh.input_samples.size() == n_draws * J);
    for (std::size_t k = 0; k < K; ++k) ok = ok && sh.values[k].size() == (collected[k] ? n_draws : 0);
    for (const auto& cs : sh.chunks)
      ok = ok && cs.s1.size() == J && cs.s2.size() == J * J && cs.clamped.size() == J &&
           cs.dscr_count.size() == static_cast<std::size_t>(n) && cs.dscr_below.size() == static_cast<std::size_t>(n);
    if (!ok) throw std::invalid_argument(fmt::format("the shard of chunks {} to {} does not fit this simulation", sh.first_chunk, sh.end_chunk));
    expected = sh.end_chunk;
  }
  if (expected != setup.chunks)
    throw std::invalid_argument(fmt::format("the shards cover {} of the simulation's {} chunks", expected, setup.chunks));

  SimulationResult out;
  out.seed = spec.seed;
  out.draws = spec.draws;
  out.threads = spec.threads;
  out.incremental = decision_indicators(base).incremental;
  out.dscr_target = setup.dscr_target;
  out.target_correlation = spec.correlation.size() != 0 ? spec.correlation
                                                        : Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(J), static_cast<Eigen::Index>(J));

  // Per-chunk sums, combined in chunk order.
  std::vector<double> s1(J, 0.0), s2(J * J, 0.0);
  std::vector<std::int64_t> clamped(J, 0);
  std::array<std::array<std::int64_t, kAbsentReasons>, K> absent{};
  std::vector<std::int64_t> dscr_count(static_cast<std::size_t>(n), 0), dscr_below(static_cast<std::size_t>(n), 0);
  for (const auto& sh : shards)
    for (const auto& cs : sh.chunks) {
      for (std::size_t j = 0; j < J; ++j) {
        s1[j] += cs.s1[j];
        clamped[j] += cs.clamped[j];
      }
      for (std::size_t q = 0; q < J * J; ++q) s2[q] += cs.s2[q];
      for (std::size_t k = 0; k < K; ++k)
        for (std::size_t a = 0; a < kReasons; ++a) absent[k][a] += cs.absent[k][a];
      for (std::size_t y = 0; y < static_cast<std::size_t>(n); ++y) {
        dscr_count[y] += cs.dscr_count[y];
        dscr_below[y] += cs.dscr_below[y];
      }
      if (cs.failed > 0 && out.failed == 0) out.first_failure = cs.first_failure;
      out.failed += cs.failed;
    }
  for (int y = C; y < n; ++y)
    if (dscr_count[static_cast<std::size_t>(y)] > 0)
      out.dscr_by_year.push_back({base.first_year + y, dscr_count[static_cast<std::size_t>(y)], dscr_below[static_cast<std::size_t>(y)]});

  // Every draw's values in draw order (one shard's arrays are used as they are).
  std::array<std::vector<double>, K> values;
  std::vector<double> driver_inputs;
  for (std::size_t k = 0; k < K; ++k) {
    if (!collected[k]) continue;
    if (shards.size() == 1) {
      values[k] = std::move(shards[0].values[k]);
      continue;
    }
    values[k].reserve(static_cast<std::size_t>(N));
    for (auto& sh : shards) {
      values[k].insert(values[k].end(), sh.values[k].begin(), sh.values[k].end());
      std::vector<double>().swap(sh.values[k]);
    }
  }
  for (auto& sh : shards) driver_inputs.insert(driver_inputs.end(), sh.driver_inputs.begin(), sh.driver_inputs.end());
  if (spec.keep_samples)
    for (auto& sh : shards) out.input_samples.insert(out.input_samples.end(), sh.input_samples.begin(), sh.input_samples.end());

  // Statistics and drivers of each indicator (independent, so spread over the threads).
  const double ic = model.benchmark_rate;
  const std::array<std::optional<double>, K> thresholds{0.0,
                                                        0.0,
                                                        ic,
                                                        ic,
                                                        model.targets.equity_irr,
                                                        setup.dscr_target,
                                                        model.targets.icr,
                                                        model.targets.bond_coverage.value_or(1.0),
                                                        0.0,
                                                        model.economic ? std::optional(model.economic->discount_rate) : std::nullopt,
                                                        1.0,
                                                        std::nullopt};
  const auto base_of = [&](RiskIndicator k) -> std::optional<double> {
    const auto& ind = base.indicators;
    const DecisionIndicators d = decision_indicators(base);
    switch (k) {
      case RiskIndicator::FnpvPostTax: return d.fnpv_post_tax;
      case RiskIndicator::FnpvPreTax: return d.fnpv_pre_tax;
      case RiskIndicator::FirrPostTax: return d.firr_post_tax.rate;
      case RiskIndicator::FirrPreTax: return d.firr_pre_tax.rate;
      case RiskIndicator::EquityIrr: return ind.equity_irr.rate;
      case RiskIndicator::DscrMin: return ind.dscr_min.value;
      case RiskIndicator::IcrMin: return ind.icr_min.value;
      case RiskIndicator::BondCoverage: return lowest_bond_coverage(ind);
      case RiskIndicator::Enpv: return base.economic.indicators.enpv;
      case RiskIndicator::Eirr: return base.economic.indicators.eirr.rate;
      case RiskIndicator::Ebcr: return base.economic.indicators.ebcr.value;
      case RiskIndicator::FiscalCostPv: return base.fiscal.cost_pv;
    }
    return std::nullopt;
  };
  if (spec.keep_samples) {
    out.value_samples.assign(static_cast<std::size_t>(N) * K, kNaN);
    for (std::size_t k = 0; k < K; ++k)
      if (collected[k])
        for (std::int64_t i = 0; i < N; ++i)
          out.value_samples[static_cast<std::size_t>(i) * K + k] = values[k][static_cast<std::size_t>(i)];
  }
  const DriverSample sample(driver_inputs, J);  // the inputs' ranks, shared by every indicator
  {
    std::vector<std::thread> pool;
    std::atomic<int> next_indicator{0};
    auto stats_worker = [&]() {
      for (int k; (k = next_indicator++) < kRiskIndicators;) {
        const auto kk = static_cast<std::size_t>(k);
        IndicatorStats& st = out.indicators[kk];
        if (!collected[kk]) {
          const auto which = static_cast<RiskIndicator>(k);
          if (has_indicator(model, which)) st.base = base_of(which);
          st.reason = msg(which == RiskIndicator::BondCoverage   ? messages::Risk::not_collected_no_bond
                          : which == RiskIndicator::FiscalCostPv ? messages::Risk::not_collected_no_fiscal
                                                                 : messages::Risk::not_collected_no_economic);
          continue;
        }
        out.drivers[kk] = sample.drivers_of(std::span<const double>(values[kk]).first(static_cast<std::size_t>(S)));
        st = indicator_stats(values[kk], spec.histogram_bins, thresholds[kk]);
        st.base = base_of(static_cast<RiskIndicator>(k));
        for (std::uint8_t a = 1; a < kReasons; ++a)
          if (absent[kk][a] > 0) st.absent_reasons[absent_name(a)] = absent[kk][a];
        std::vector<double>().swap(values[kk]);  // done with it: free the memory now
      }
    };
    const int workers = std::max(1, std::min(spec.threads, kRiskIndicators));
    for (int t = 0; t < workers; ++t) pool.emplace_back(stats_worker);
    for (auto& t : pool) t.join();
  }

  // Input statistics from the chunk sums.
  const double nd = static_cast<double>(N);
  out.sample_correlation = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(J), static_cast<Eigen::Index>(J));
  std::vector<double> var(J);
  std::vector<double> shift(J);
  for (std::size_t j = 0; j < J; ++j) shift[j] = distribution_mean(spec.inputs[j].distribution);
  for (std::size_t j = 0; j < J; ++j) {
    InputStats is;
    is.name = spec.inputs[j].name;
    is.distribution = describe_distribution(spec.inputs[j].distribution).en;
    is.analytic_mean = distribution_mean(spec.inputs[j].distribution);
    is.analytic_sd = distribution_sd(spec.inputs[j].distribution);
    const double m1 = s1[j] / nd;
    is.mean = shift[j] + m1;
    var[j] = N > 1 ? (s2[j * J + j] - nd * m1 * m1) / (nd - 1) : 0.0;
    is.sd = std::sqrt(std::max(0.0, var[j]));
    is.clamped = clamped[j];
    out.inputs.push_back(std::move(is));
  }
  for (std::size_t j = 0; j < J; ++j)
    for (std::size_t l = 0; l < j; ++l) {
      const double cov = N > 1 ? (s2[j * J + l] - nd * (s1[j] / nd) * (s1[l] / nd)) / (nd - 1) : 0.0;
      const double r = var[j] > 0 && var[l] > 0 ? cov / std::sqrt(var[j] * var[l]) : 0.0;
      out.sample_correlation(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(l)) = r;
      out.sample_correlation(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(j)) = r;
    }
  return out;
}

SimulationResult simulate(const ProjectModel& model, const SimulationSpec& spec, const ProgressCallback& progress) {
  std::vector<SimulationShard> one;
  one.push_back(simulate_shard(model, spec, 0, 1, progress));
  return combine_shards(model, spec, std::move(one));
}

}  // namespace appraise
