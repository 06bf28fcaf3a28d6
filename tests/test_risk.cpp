// Monte Carlo risk analysis: the generator against SplitMix64's published outputs, quantiles
// against closed forms, the copula's correlation recovered from the draws, simulated FNPV of
// linear models against its analytic distribution, determinism across thread counts, the
// drivers against closed forms, and the errors bad
// input gets.
//
// Monte Carlo tolerances: with n draws the sample mean has standard error σ/√n, the sample
// standard deviation about σ/√(2n), the p-quantile √(p(1−p)/n)/f(x_p) (f the density), a
// probability √(p(1−p)/n) and a correlation (1 − ρ²)/√n. Every check allows 5 standard errors,
// so a correct implementation fails one of them with probability well below 1e-5 per check;
// the seed is fixed, so the outcome is the same on every run.
#include <doctest/doctest.h>

#include "model_fixtures.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "appraise/io/model_loader.hpp"
#include "appraise/core/metrics.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/report/risk_report.hpp"
#include "appraise/risk/simulation.hpp"
#include "latin_words.hpp"

using namespace appraise;

namespace {

using model_fixtures::example;
using model_fixtures::load;

// One construction year (investment 1000 at t = 1), ten operating years with revenue 200 a year
// (t = 2..11), no cost, no tax, no residual value, ic = 8%. With revenue scaled by X:
//   FNPV = v·(−1000 + 200·X·a),  v = 1/1.08,  a = (1 − 1.08^−10)/0.08,
// linear in X, so FNPV has X's distribution shifted and scaled.
const char* kLinear = R"yaml(
project: {name: linear, first_year: 2026, construction_years: 1, operation_years: 10, benchmark_rate: 8%}
taxes: {income_tax_rate: 0}
investment: [{name: plant, amount: 1000}]
depreciation: {life: 10, salvage: 0}
revenue: [{name: sales, amounts: 200}]
)yaml";
const double kV = 1.0 / 1.08;
const double kA = (1.0 - std::pow(1.08, -10.0)) / 0.08;
double linear_npv(double x) { return kV * (-1000.0 + 200.0 * x * kA); }

UncertainInput revenue_input(Distribution d) { return {"营业收入", {"revenue.sales.amounts"}, DrawOp::Scale, std::move(d)}; }

double z_of(double p) { return boost::math::quantile(boost::math::normal(), p); }
double phi(double z) { return boost::math::pdf(boost::math::normal(), z); }

}  // namespace

TEST_SUITE("risk: generator and distributions") {

TEST_CASE("splitmix64 reproduces the reference outputs for seed 1234567 and for seed 0") {
  // Rosetta Code "Pseudo-random numbers/Splitmix64" (Vigna's splitmix64.c): seed 1234567.
  const std::uint64_t expected[] = {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
                                    4593380528125082431ULL, 16408922859458223821ULL};
  for (std::uint64_t k = 0; k < 5; ++k) CHECK(splitmix64_at(1234567, k) == expected[k]);
  CHECK(splitmix64_at(0, 0) == 0xE220A8397B1DCDAFULL);
}

TEST_CASE("uniforms lie strictly inside (0, 1) and carry an exact upper tail") {
  const auto lo = uniform_from_bits(0), hi = uniform_from_bits(~0ULL);
  CHECK(lo.p == 0x1.0p-53);
  CHECK(hi.q == 0x1.0p-53);
  CHECK(hi.p == 1.0 - 0x1.0p-53);
  CHECK(hi.p < 1.0);
  CHECK(lo.p + lo.q == 1.0);
  const auto mid = uniform_from_bits(0x8000000000000000ULL);
  CHECK(mid.p == 0.5 + 0x1.0p-53);
  CHECK(mid.q == 0.5 - 0x1.0p-53);
}

TEST_CASE("quantiles match closed forms") {
  // Normal: mean + z·sd with z(0.975) = 1.959963984540054.
  CHECK(distribution_quantile(NormalDist{1, 0.1}, {0.975, 0.025}) == doctest::Approx(1.1959963984540054).epsilon(1e-14));
  // Lognormal: the median is e^mu.
  CHECK(distribution_quantile(LognormalDist{0.2, 0.3}, {0.5, 0.5}) == doctest::Approx(std::exp(0.2)).epsilon(1e-14));
  // Triangular(a, c, b): F⁻¹(p) = a + √(p(b−a)(c−a)) below the mode, b − √((1−p)(b−a)(b−c)) above.
  const TriangularDist t{0.9, 1.0, 1.3};
  CHECK(distribution_quantile(t, {0.1, 0.9}) == doctest::Approx(0.9 + std::sqrt(0.1 * 0.4 * 0.1)).epsilon(1e-14));
  CHECK(distribution_quantile(t, {0.9, 0.1}) == doctest::Approx(1.3 - std::sqrt(0.1 * 0.4 * 0.3)).epsilon(1e-14));
  // PERT with the mode in the middle is symmetric: median = mode; mean (min + 4·mode + max)/6.
  CHECK(distribution_quantile(PertDist{0.8, 1.0, 1.2}, {0.5, 0.5}) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(distribution_mean(PertDist{0.9, 1.0, 1.5}) == doctest::Approx((0.9 + 4.0 + 1.5) / 6).epsilon(1e-15));
  // Uniform: min + p(max − min).
  CHECK(distribution_quantile(UniformDist{2, 6}, {0.25, 0.75}) == doctest::Approx(3.0).epsilon(1e-15));
  // Discrete: the smallest value whose cumulative probability reaches p (values in any order).
  const DiscreteDist d{{17, 13, 15.5}, {0.25, 0.25, 0.5}};
  CHECK(distribution_quantile(d, {0.2, 0.8}) == 13);
  CHECK(distribution_quantile(d, {0.6, 0.4}) == 15.5);
  CHECK(distribution_quantile(d, {0.8, 0.2}) == 17);
  // The far upper tail goes through the complement, so 1 − 2^−54 does not round to 1.
  CHECK(std::isfinite(distribution_quantile(NormalDist{0, 1}, uniform_from_bits(~0ULL))));
  // Φ⁻¹(1 − 2^−53) = 8.209536151601386 (Python statistics.NormalDist().inv_cdf(2**-53), Wichura AS241).
  CHECK(distribution_quantile(NormalDist{0, 1}, uniform_from_bits(~0ULL)) == doctest::Approx(8.209536151601386).epsilon(1e-13));
}

TEST_CASE("bad distribution parameters are refused with the reason, at the parameter to look at") {
  const auto why = [](const Distribution& d) { return check_distribution(d).why; };
  const auto key = [](const Distribution& d) { return std::string(check_distribution(d).key); };
  CHECK(why(NormalDist{1, 0}).en.find("above 0") != std::string::npos);
  CHECK(key(NormalDist{1, 0}) == "sd");
  CHECK(why(NormalDist{1, -0.1}).en.find("above 0") != std::string::npos);
  CHECK(why(LognormalDist{0, 0}).en.find("above 0") != std::string::npos);
  CHECK(key(LognormalDist{0, 0}) == "sigma");
  CHECK(why(TriangularDist{1.1, 1.0, 1.2}).en.find("min ≤ mode ≤ max") != std::string::npos);
  CHECK(key(TriangularDist{1.1, 1.0, 1.2}) == "min");
  CHECK(why(PertDist{0.9, 1.3, 1.2}).en.find("min ≤ mode ≤ max") != std::string::npos);
  CHECK(key(PertDist{0.9, 1.3, 1.2}) == "max");
  CHECK_FALSE(why(TriangularDist{1, 1, 1}).empty());
  CHECK_FALSE(why(UniformDist{2, 2}).empty());
  CHECK(why(DiscreteDist{{1, 2}, {0.5, 0.4}}).en.find("add up to") != std::string::npos);
  CHECK(key(DiscreteDist{{1, 2}, {0.5, 0.4}}) == "probabilities");
  CHECK_FALSE(why(DiscreteDist{{1, 2}, {1.0}}).empty());
  CHECK(why(TriangularDist{0.9, 0.9, 1.2}).empty());  // mode at an end is fine
  // The values are quoted as the caller shows them (a loader: as the file wrote them).
  const auto shown = check_distribution(PertDist{1.1, 1.0, 1.2}, [](std::string_view k, double v) {
    return std::string(k) + "=" + std::to_string(static_cast<int>(std::lround(v * 100))) + "%";
  });
  CHECK(shown.why.en.find("min min=110% is above mode mode=100%") != std::string::npos);
}

TEST_CASE("correlation matrices are checked, and the factor reproduces them") {
  Eigen::MatrixXd c(3, 3);
  c << 1, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 1;
  CHECK(check_correlation(c).empty());
  CHECK((correlation_factor(c) * correlation_factor(c).transpose() - c).cwiseAbs().maxCoeff() < 1e-15);
  Eigen::MatrixXd asym = c;
  asym(0, 1) = 0.5;
  CHECK(check_correlation(asym).en.find("symmetric") != std::string::npos);
  Eigen::MatrixXd diag = c;
  diag(1, 1) = 0.9;
  CHECK(check_correlation(diag).en.find("diagonal") != std::string::npos);
  Eigen::MatrixXd npsd(3, 3);  // A~B and B~C strongly, A~C strongly negative: impossible
  npsd << 1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1;
  double lo = 0;
  CHECK(check_correlation(npsd, &lo).en.find("positive semi-definite") != std::string::npos);
  CHECK(lo < 0);
  Eigen::MatrixXd one(2, 2);  // perfectly correlated: semi-definite, allowed
  one << 1, 1, 1, 1;
  CHECK(check_correlation(one).empty());
  CHECK((correlation_factor(one) * correlation_factor(one).transpose() - one).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("percentiles follow Excel's PERCENTILE.INC and histograms count every value once") {
  const std::vector<double> x{1, 2, 3, 4};
  CHECK(percentile_sorted(x, 0.1) == doctest::Approx(1.3).epsilon(1e-15));  // PERCENTILE.INC({1,2,3,4},0.1)
  CHECK(percentile_sorted(x, 0.5) == doctest::Approx(2.5).epsilon(1e-15));
  CHECK(percentile_sorted(x, 1.0) == 4);
  const std::vector<double> v{5, std::nan(""), 1, 3, 2, 4};
  const auto s = indicator_stats(v, 2, 2.5);
  CHECK(s.count == 5);
  CHECK(s.absent == 1);
  CHECK(*s.mean == doctest::Approx(3).epsilon(1e-15));
  CHECK(*s.sd == doctest::Approx(std::sqrt(2.5)).epsilon(1e-15));
  CHECK(*s.below == doctest::Approx(0.4).epsilon(1e-15));
  REQUIRE(s.histogram.size() == 2);
  CHECK(s.histogram[0].count == 2);  // [1, 3): 1, 2
  CHECK(s.histogram[1].count == 3);  // [3, 5]: 3, 4, 5
  CHECK(s.cdf.size() == 101);
  CHECK(s.cdf.front() == 1);
  CHECK(s.cdf.back() == 5);
  // The statistics select order statistics instead of sorting: on random data with ties they
  // must equal PERCENTILE.INC of a fully sorted copy, exactly.
  std::mt19937_64 gen(11);
  std::vector<double> r(10007);
  for (auto& x : r) x = static_cast<double>(gen() % 5000) / 7.0;
  auto sorted = r;
  std::sort(sorted.begin(), sorted.end());
  const auto rs = indicator_stats(r, 20, std::nullopt);
  for (int k = 0; k <= 100; ++k) CHECK(rs.cdf[static_cast<std::size_t>(k)] == percentile_sorted(sorted, k / 100.0));
  for (const auto& [p, v] : rs.percentiles) CHECK(v == percentile_sorted(sorted, p));
  // Large samples are bucketed by value before selecting: samples crowded at one end, with
  // outliers, heavy ties, a tiny spread, a spread no double holds and all values equal must
  // still give the exact order statistics of a sorted copy.
  const auto exact = [](std::vector<double> x) {
    auto sorted_x = x;
    std::sort(sorted_x.begin(), sorted_x.end());
    const auto st = indicator_stats(x, 20, std::nullopt);
    bool same = st.min == sorted_x.front() && st.max == sorted_x.back();
    for (int k = 0; k <= 100; ++k) same = same && st.cdf[static_cast<std::size_t>(k)] == percentile_sorted(sorted_x, k / 100.0);
    for (const auto& [p, v] : st.percentiles) same = same && v == percentile_sorted(sorted_x, p);
    return same;
  };
  std::lognormal_distribution<double> skew(0.0, 2.5);
  std::vector<double> big(200003);
  for (auto& x : big) x = skew(gen);
  CHECK(exact(big));
  big[17] = 1e300;  // one outlier puts nearly everything in the first bucket
  big[99] = -1e300;
  CHECK(exact(big));
  big[5] = std::numeric_limits<double>::max();  // max − min overflows: no bucketing
  big[6] = -std::numeric_limits<double>::max();
  CHECK(exact(big));
  {  // and the histogram still counts every value once, in bins with finite edges
    const auto st = indicator_stats(big, 20, std::nullopt);
    std::int64_t counted = 0;
    for (const auto& bin : st.histogram) {
      CHECK(std::isfinite(bin.from));
      CHECK(std::isfinite(bin.to));
      counted += bin.count;
    }
    CHECK(counted == static_cast<std::int64_t>(big.size()));
    CHECK(st.histogram.front().count == 1);  // −max alone in the lowest bin
    CHECK(st.histogram.back().count == 1);   // +max alone in the highest
  }
  for (auto& x : big) x = static_cast<double>(gen() % 3);  // three values, heavy ties
  CHECK(exact(big));
  for (auto& x : big) x = 1.0 + static_cast<double>(gen() % 5) * std::numeric_limits<double>::epsilon();  // a spread of ulps
  CHECK(exact(big));
  for (auto& x : big) x = 4.25;
  CHECK(exact(big));
  for (auto& x : big) x = std::ldexp(static_cast<double>(gen() % 1000), -1070);  // subnormal spread: the scale overflows
  CHECK(exact(big));
}

}  // TEST_SUITE

TEST_SUITE("risk: simulation") {

TEST_CASE("FNPV of a normally distributed revenue is normal with the analytic mean, sd and percentiles") {
  // X ~ N(1, 0.1): FNPV ~ N(μ, s), μ = linear_npv(1), s = v·200·a·0.1.
  const ProjectModel m = load(kLinear);
  SimulationSpec spec;
  spec.inputs = {revenue_input(NormalDist{1.0, 0.1})};
  spec.draws = 200000;
  spec.seed = 42;
  const auto r = simulate(m, spec);
  const double mu = linear_npv(1.0), s = kV * 200.0 * kA * 0.1, n = static_cast<double>(spec.draws);
  const auto& f = r.indicators[static_cast<int>(RiskIndicator::FnpvPostTax)];
  CHECK(f.count == spec.draws);
  CHECK(std::abs(*f.mean - mu) < 5 * s / std::sqrt(n));
  CHECK(std::abs(*f.sd - s) < 5 * s / std::sqrt(2 * n));
  for (const auto& [p, value] : f.percentiles) {
    const double percentile = p;
    CAPTURE(percentile);
    const double z = z_of(p);
    const double se = std::sqrt(p * (1 - p) / n) / (phi(z) / s);
    CHECK(std::abs(value - (mu + z * s)) < 5 * se);
  }
  // P(FNPV < 0) = Φ(−μ/s).
  const double p0 = boost::math::cdf(boost::math::normal(), -mu / s);
  CHECK(std::abs(*f.below - p0) < 5 * std::sqrt(p0 * (1 - p0) / n) + 1e-12);
  CHECK(*f.base == doctest::Approx(mu).epsilon(1e-12));
  // FIRR is an increasing function of X, so its median is the FIRR of the median flows (X = 1).
  const auto& firr = r.indicators[static_cast<int>(RiskIndicator::FirrPostTax)];
  const double irr1 = *firr.base;
  std::vector<double> up(11, 202.0), down(11, 198.0);
  up[0] = down[0] = -1000.0;
  const double slope = (*irr(up).rate - *irr(down).rate) / 0.02;  // dFIRR/dX near X = 1
  const double se_median = std::sqrt(0.25 / n) / (phi(0) / 0.1) * slope;
  CHECK(std::abs(firr.percentiles[3].second - irr1) < 5 * se_median);
  // Every indicator is collected; bond coverage only for a model with a special bond.
  CHECK(r.indicators[static_cast<int>(RiskIndicator::EquityIrr)].computed);
  CHECK_FALSE(r.indicators[static_cast<int>(RiskIndicator::BondCoverage)].computed);
}

TEST_CASE("triangular, PERT, uniform and discrete inputs give the analytic mean of a linear FNPV") {
  const ProjectModel m = load(kLinear);
  const std::vector<Distribution> ds{TriangularDist{0.8, 1.0, 1.4}, PertDist{0.8, 1.0, 1.4}, UniformDist{0.7, 1.3},
                                     LognormalDist{-0.005, 0.1}, DiscreteDist{{0.5, 1.0, 1.5}, {0.3, 0.4, 0.3}}};
  for (const auto& d : ds) {
    CAPTURE(describe_distribution(d));
    SimulationSpec spec;
    spec.inputs = {revenue_input(d)};
    spec.draws = 100000;
    spec.seed = 7;
    const auto r = simulate(m, spec);
    const double n = static_cast<double>(spec.draws);
    const double mean = linear_npv(distribution_mean(d)), sd = kV * 200.0 * kA * distribution_sd(d);
    const auto& f = r.indicators[static_cast<int>(RiskIndicator::FnpvPostTax)];
    CHECK(std::abs(*f.mean - mean) < 5 * sd / std::sqrt(n));
    CHECK(std::abs(*f.sd - sd) < 5 * sd * std::sqrt(2.0 / n) * 1.5);  // kurtosis allowance for the discrete case
    // The inputs' own statistics agree with the distribution.
    CHECK(r.inputs[0].analytic_mean == doctest::Approx(distribution_mean(d)).epsilon(1e-15));
    CHECK(std::abs(r.inputs[0].mean - distribution_mean(d)) < 5 * distribution_sd(d) / std::sqrt(n));
    if (std::holds_alternative<DiscreteDist>(d)) {
      // FNPV < 0 exactly when X = 0.5 (linear_npv(0.5) < 0 < linear_npv(1)): probability 0.3.
      REQUIRE(linear_npv(0.5) < 0);
      REQUIRE(linear_npv(1.0) > 0);
      CHECK(std::abs(*f.below - 0.3) < 5 * std::sqrt(0.21 / n));
    }
  }
}

TEST_CASE("correlated inputs recover the correlation matrix from the draws") {
  // Three normal inputs through the Gaussian copula: normal margins keep the Pearson correlation.
  const ProjectModel m = example("toll-bridge");
  SimulationSpec spec;
  spec.inputs = {{"交通量", {"revenue.通行费收入.volume"}, DrawOp::Scale, NormalDist{1, 0.1}},
                 {"收费标准", {"revenue.通行费收入.price"}, DrawOp::Scale, NormalDist{1, 0.05}},
                 {"建设投资", {"investment.*.amount"}, DrawOp::Scale, NormalDist{1.05, 0.08}}};
  spec.correlation.resize(3, 3);
  spec.correlation << 1, -0.6, 0.3, -0.6, 1, 0.2, 0.3, 0.2, 1;
  spec.draws = 200000;
  const auto r = simulate(m, spec);
  const double n = static_cast<double>(spec.draws);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < i; ++j) {
      const double rho = spec.correlation(i, j);
      CAPTURE(i);
      CAPTURE(j);
      CHECK(std::abs(r.sample_correlation(i, j) - rho) < 5 * (1 - rho * rho) / std::sqrt(n));
    }
  CHECK(std::abs(r.inputs[2].mean - 1.05) < 5 * 0.08 / std::sqrt(n));
  CHECK(std::abs(r.inputs[2].sd - 0.08) < 5 * 0.08 / std::sqrt(2 * n));
}

TEST_CASE("a correlation of exactly 1 (semi-definite) makes two same-distributed inputs equal") {
  const ProjectModel m = load(kLinear);
  SimulationSpec spec;
  spec.inputs = {revenue_input(NormalDist{1, 0.1}), {"投资", {"investment.*.amount"}, DrawOp::Scale, NormalDist{1, 0.1}}};
  spec.correlation.resize(2, 2);
  spec.correlation << 1, 1, 1, 1;
  spec.draws = 1000;
  spec.keep_samples = true;
  const auto r = simulate(m, spec);
  for (std::int64_t i = 0; i < spec.draws; ++i)
    CHECK(r.input_samples[static_cast<std::size_t>(2 * i)] == doctest::Approx(r.input_samples[static_cast<std::size_t>(2 * i + 1)]).epsilon(1e-12));
}

TEST_CASE("the same seed gives identical results with 1, 2 and 3 threads, every indicator") {
  for (const char* name : {"toll-bridge", "sewage-plant"}) {
    CAPTURE(name);
    const ProjectModel m = example(name);
    SimulationSpec spec;
    spec.inputs = {{"收入", {"revenue.*.volume"}, DrawOp::Scale, PertDist{0.7, 1.0, 1.1}},
                   {"建设投资", {"investment.*.amount"}, DrawOp::Scale, TriangularDist{0.95, 1.0, 1.3}},
                   {"利率", {"financing.loans.*.rate"}, DrawOp::Add, UniformDist{-0.005, 0.01}}};
    spec.correlation.resize(3, 3);
    spec.correlation << 1, -0.2, 0, -0.2, 1, 0.4, 0, 0.4, 1;
    spec.draws = 9000;  // not a multiple of the chunk size
    spec.seed = 2026;
    spec.keep_samples = true;
    std::vector<SimulationResult> rs;
    for (int threads : {1, 2, 3}) {
      spec.threads = threads;
      rs.push_back(simulate(m, spec));
    }
    for (std::size_t k = 1; k < rs.size(); ++k) {
      REQUIRE(rs[k].value_samples.size() == rs[0].value_samples.size());
      CHECK(std::memcmp(rs[k].value_samples.data(), rs[0].value_samples.data(), rs[0].value_samples.size() * sizeof(double)) == 0);
      CHECK(std::memcmp(rs[k].input_samples.data(), rs[0].input_samples.data(), rs[0].input_samples.size() * sizeof(double)) == 0);
      for (int i = 0; i < kRiskIndicators; ++i) {
        const auto& a = rs[0].indicators[static_cast<std::size_t>(i)];
        const auto& b = rs[k].indicators[static_cast<std::size_t>(i)];
        CHECK(a.mean == b.mean);
        CHECK(a.sd == b.sd);
        CHECK(a.cdf == b.cdf);
        CHECK(a.below == b.below);
        const auto& da = rs[0].drivers[static_cast<std::size_t>(i)];
        const auto& db = rs[k].drivers[static_cast<std::size_t>(i)];
        CHECK(da.r2 == db.r2);
        for (std::size_t j = 0; j < da.drivers.size(); ++j) CHECK(da.drivers[j].share == db.drivers[j].share);
      }
      CHECK(rs[k].sample_correlation == rs[0].sample_correlation);
      REQUIRE(rs[k].dscr_by_year.size() == rs[0].dscr_by_year.size());
      for (std::size_t y = 0; y < rs[0].dscr_by_year.size(); ++y) CHECK(rs[k].dscr_by_year[y].below == rs[0].dscr_by_year[y].below);
    }
    for (const RiskIndicator k : {RiskIndicator::EquityIrr, RiskIndicator::DscrMin, RiskIndicator::IcrMin})
      CHECK(rs[0].indicators[static_cast<std::size_t>(k)].count > 0);
    CHECK_FALSE(rs[0].dscr_by_year.empty());
  }
  // The sewage plant has a special bond: its coverage is collected.
}

TEST_CASE("draws without an FIRR are counted with the reason and left out of its statistics") {
  // Revenue at 0–5 % of plan: every flow after the investment is small; at 0 % none is positive.
  const ProjectModel m = load(kLinear);
  SimulationSpec spec;
  spec.inputs = {revenue_input(DiscreteDist{{0.0, 1.0}, {0.3, 0.7}})};
  spec.draws = 5000;
  const auto r = simulate(m, spec);
  const auto& f = r.indicators[static_cast<int>(RiskIndicator::FirrPostTax)];
  CHECK(f.absent > 0);
  CHECK(f.count + f.absent == spec.draws);
  CHECK(f.absent_reasons.at("no_sign_change") == f.absent);
  // Every FIRR that exists is the one of X = 1, so the statistics hold no NaN.
  CHECK(std::isfinite(*f.mean));
  CHECK(*f.sd == doctest::Approx(0.0).epsilon(1e-12).scale(1));
  CHECK(std::abs(static_cast<double>(f.absent) / 5000.0 - 0.3) < 5 * std::sqrt(0.21 / 5000.0));

  // The note under the summary says so in the run's language, and every reason a draw can lack
  // a value has its Chinese name (no English left in a Chinese note).
  SimulationResult every = r;
  auto& all = every.indicators[static_cast<int>(RiskIndicator::FirrPostTax)];
  all.absent_reasons = {{"no_sign_change", 1}, {"no_root", 2}, {"not_converged", 3}, {"no_debt_service", 4}, {"no_interest", 5},
                        {"no_bond_service", 6}, {"no_economic_cost", 7}, {"evaluation_failed", 8}, {"not_computed", 9}};
  for (const SimulationResult* res : {&r, static_cast<const SimulationResult*>(&every)}) {
    std::vector<Message> notes;
    for (const auto& t : simulation_tables(m, spec, *res, Lang::Zh))
      for (const auto& n : t.notes)
        if (n.zh.rfind("所得税后财务内部收益率：", 0) == 0) notes.push_back(n);
    REQUIRE(notes.size() == 1);
    CHECK(latin_words::offending(notes[0].zh).empty());
    if (res == &r) {
      const std::string n = std::to_string(f.absent);
      CHECK(notes[0].zh == "所得税后财务内部收益率：" + n + " 次抽样无值，不计入统计（现金流量不变号 " + n + "）");
      CHECK(notes[0].en == "FIRR after income tax: " + n + " draws without a value, left out (flows never change sign " + n + ")");
    } else {
      for (const char* part : {"现金流量不变号 1", "无实数解 2", "未收敛 3", "无还本付息 4", "无利息支出 5", "专项债无还本付息 6",
                               "无经济费用 7", "模型无法计算 8", "未计算 9"})
        CHECK(notes[0].zh.find(part) != std::string::npos);
    }
  }
}

TEST_CASE("a loan rate moves equity IRR and DSCR but not the project's FNPV") {
  const ProjectModel m = example("toll-bridge");
  SimulationSpec spec;
  spec.inputs = {{"贷款利率", {"financing.loans.国家开发银行贷款.rate"}, DrawOp::Add, UniformDist{-0.005, 0.01}}};
  spec.draws = 200;
  const auto r = simulate(m, spec);
  const auto& f = r.indicators[static_cast<int>(RiskIndicator::FnpvPostTax)];
  CHECK(*f.sd == doctest::Approx(0.0).epsilon(1e-9).scale(1));
  CHECK(*r.indicators[static_cast<int>(RiskIndicator::EquityIrr)].sd > 0);
  CHECK(*r.indicators[static_cast<int>(RiskIndicator::DscrMin)].sd > 0);
}

TEST_CASE("bad simulation input is refused with a message for each problem") {
  const ProjectModel m = example("toll-bridge");
  SimulationSpec spec;
  spec.inputs = {{"a", {"revenue.通行费收入.volume"}, DrawOp::Scale, NormalDist{1, 0}},
                 {"b", {"investment.*.amount"}, DrawOp::Scale, TriangularDist{1.2, 1.0, 1.3}},
                 {"c", {"revenue.nothing.volume"}, DrawOp::Scale, NormalDist{1, 0.1}},
                 {"d", {"operating_costs.养护费.amounts"}, DrawOp::Scale, NormalDist{1, 0.5}},
                 {"e", {"taxes.vat_rate"}, DrawOp::Set, UniformDist{-1.5, 0.1}},
                 {"f", {"depreciation.life"}, DrawOp::Set, NormalDist{30, 2}}};
  spec.correlation = Eigen::MatrixXd::Identity(2, 2);
  spec.draws = 0;
  const auto problems = check_simulation(m, spec);
  auto has = [&](const std::string& s) {
    for (const auto& p : problems)
      if (p.find(s) != std::string::npos) return true;
    return false;
  };
  CHECK(has("draws: 0"));
  CHECK(has("a: the standard deviation must be above 0"));
  CHECK(has("b: min 1.2 is above mode 1"));
  CHECK(has("c: `revenue.nothing.volume` matches nothing"));
  CHECK(has("d: normal(mean 1, sd 0.5) falls outside the allowed range (at least 0) with probability 2.28%"));
  CHECK(has("e: the distribution reaches -1.5 to 0.1"));
  CHECK(has("f: a number of years takes whole values"));
  CHECK(has("correlation: the matrix is 2×2 but there are 6 inputs"));
  CHECK_THROWS_AS((void)simulate(m, spec), std::invalid_argument);
  spec = SimulationSpec{};
  spec.inputs = {{"a", {"revenue.通行费收入.volume"}, DrawOp::Scale, NormalDist{1, 0.1}}};
  spec.draws = kMaxDraws + 1;
  CHECK(check_simulation(m, spec).at(0).find("draws:") == 0);
}

}  // TEST_SUITE

TEST_SUITE("risk: drivers") {

TEST_CASE("Spearman's rank correlation of four pairs is the textbook 1 − 6Σd²/(n(n²−1))") {
  // Ranks x: 1 2 3 4, y: 1 3 2 4; Σd² = 2, n = 4: ρ = 1 − 12/60 = 0.8.
  const std::vector<double> x{10, 20, 30, 40}, y{5, 7, 6, 9};
  const auto d = rank_drivers(x, 1, y);
  REQUIRE(d.drivers.size() == 1);
  CHECK(d.drivers[0].spearman == doctest::Approx(0.8).epsilon(1e-15));
  CHECK(d.drivers[0].share == doctest::Approx(1.0).epsilon(1e-15));  // the only input explains all it can
  CHECK(d.r2 == doctest::Approx(0.64).epsilon(1e-14));              // one input: R² = ρ²
  CHECK(d.sample == 4);
}

TEST_CASE("Spearman over ties, signs, ±0, subnormals and the largest doubles is Pearson's r of the average ranks") {
  // The ranks are computed here by counting (rank = #smaller + (#equal + 1)/2: the mean rank of a
  // run of ties), not by sorting, and Pearson's r of the two rank vectors is the definition of
  // Spearman's ρ. The values are drawn from a small set so that ties are long, and span every
  // way a double's bits order differently from its value (sign, −0 beside +0, subnormals).
  const double big = std::numeric_limits<double>::max(), tiny = std::numeric_limits<double>::denorm_min();
  const std::vector<double> set{-big, -1e300, -5.0, -tiny, -0.0, 0.0, tiny, 1e-310, 3.0, 3.0, 7.5, 1e300, big};
  std::mt19937_64 gen(20261201);
  std::uniform_int_distribution<std::size_t> pick(0, set.size() - 1);
  std::vector<double> x(400), y(400);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = set[pick(gen)];
    y[i] = (pick(gen) % 3 == 0) ? set[pick(gen)] : -x[i];  // mostly a decreasing function of x
  }
  auto ranks = [](const std::vector<double>& v) {
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      double smaller = 0, equal = 0;
      for (double w : v) smaller += w < v[i], equal += w == v[i];
      r[i] = smaller + (equal + 1) / 2;
    }
    return r;
  };
  const auto rx = ranks(x), ry = ranks(y);
  const double n = static_cast<double>(x.size()), mean = (n + 1) / 2;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  const double rho = sxy / std::sqrt(sxx * syy);
  REQUIRE(rho < -0.3);  // the case is not trivial
  const auto d = rank_drivers(x, 1, y);
  REQUIRE(d.drivers.size() == 1);
  CHECK(d.drivers[0].spearman == doctest::Approx(rho).epsilon(1e-12));
}

TEST_CASE("drivers of u1 + u2 for independent uniforms: Spearman 0.7 each, half the variance each") {
  // With Y = U1 + U2, F_Y(y) = y²/2 on [0, 1] and 1 − (2 − y)²/2 on [1, 2], and
  // ρ_S(Y, U1) = 12·E[F_Y(Y)·U1] − 3 = 12 · 37/120 − 3 = 0.7 exactly (by symmetry
  // E[F_Y(Y)·U1] = E[F_Y(Y)·Y]/2 = (1/10 + 31/60)/2). By symmetry the shares are ½ each.
  std::mt19937_64 gen(99);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::size_t n = 200000;
  std::vector<double> x(2 * n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[2 * i] = u(gen);
    x[2 * i + 1] = u(gen);
    y[i] = x[2 * i] + x[2 * i + 1];
  }
  const auto d = rank_drivers(x, 2, y);
  REQUIRE(d.drivers.size() == 2);
  // Standard error of ρ_S ≈ (1 − ρ²)/√n ≈ 0.0011: 5 of them.
  for (const auto& dr : d.drivers) {
    CAPTURE(dr.input);
    CHECK(std::abs(dr.spearman - 0.7) < 0.006);
    CHECK(std::abs(dr.share - 0.5) < 0.01);
  }
  // Independent inputs: R² ≈ ρ1² + ρ2² = 0.98.
  CHECK(std::abs(d.r2 - 0.98) < 0.01);
}

TEST_CASE("an output that depends on one input only: Spearman 1 with it, its share all but nothing") {
  std::mt19937_64 gen(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::size_t n = 50000;
  std::vector<double> x(2 * n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[2 * i] = u(gen);
    x[2 * i + 1] = u(gen);
    y[i] = std::exp(3 * x[2 * i + 1]);  // monotone in the second input, blind to the first
  }
  y[7] = std::nan("");  // an absent value is left out
  const auto d = rank_drivers(x, 2, y);
  CHECK(d.sample == static_cast<std::int64_t>(n - 1));
  REQUIRE(d.drivers.size() == 2);
  CHECK(d.drivers[0].input == 1);
  CHECK(d.drivers[0].spearman == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(d.drivers[0].share > 0.9999);
  CHECK(std::abs(d.drivers[1].spearman) < 5 / std::sqrt(static_cast<double>(n)));
}

TEST_CASE("a simulation's drivers rank the input that moves FNPV most first") {
  // Volume varies ±30 %, upkeep ±1 %: volume drives FNPV.
  const ProjectModel m = example("toll-bridge");
  SimulationSpec spec;
  spec.inputs = {{"养护费", {"operating_costs.养护费.amounts"}, DrawOp::Scale, UniformDist{0.99, 1.01}},
                 {"交通量", {"revenue.通行费收入.volume"}, DrawOp::Scale, UniformDist{0.7, 1.3}}};
  spec.draws = 3000;
  const auto r = simulate(m, spec);
  const auto& d = r.drivers[static_cast<int>(RiskIndicator::FnpvPostTax)];
  REQUIRE(d.drivers.size() == 2);
  CHECK(d.drivers[0].input == 1);
  CHECK(d.drivers[0].share > 0.99);
  CHECK(d.drivers[0].spearman > 0.99);
}

}  // TEST_SUITE

TEST_SUITE("risk: the tabulated beta quantile") {

TEST_CASE("PERT's tabulated beta quantile is within 1e-12 of Boost's, tails included") {
  // The shapes PERT can take: a, b in [1, 5] with a + b = 6 (mode at either end, in the middle,
  // and between).
  const std::vector<std::pair<double, double>> shapes{{1, 5}, {5, 1}, {3, 3}, {1.4, 4.6}, {4.2, 1.8}};
  for (const auto& shape : shapes) {
    const double a = shape.first, b = shape.second;  // not a structured binding: clang 14 cannot capture one
    CAPTURE(a);
    CAPTURE(b);
    const BetaQuantile table(a, b);
    const boost::math::beta_distribution<double> beta(a, b);
    double worst = 0;
    auto check = [&](double p, double q) {
      const double exact = p <= 0.5 ? boost::math::quantile(beta, p) : boost::math::quantile(boost::math::complement(beta, q));
      worst = std::max(worst, std::abs(table({p, q}) - exact));
    };
    for (int k = 1; k < 40000; ++k) {  // a fine grid over (0, 1), off the table's nodes
      const double p = (k + 0.37) / 40000.0;
      check(p, 1.0 - p);
    }
    for (int e = 1; e <= 53; ++e) {  // both tails down to the generator's smallest, 2^-53
      const double t = std::ldexp(1.0, -e);
      check(t, 1.0 - t);
      check(1.0 - t, t);
    }
    CHECK(worst < 1e-12);
    MESSAGE("Beta(", a, ", ", b, "): largest |table − Boost| = ", worst);
  }
}

}  // TEST_SUITE
