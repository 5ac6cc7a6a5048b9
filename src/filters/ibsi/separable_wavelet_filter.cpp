#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/wavelet_bank.hpp"

namespace radstudy::filters {
namespace {

// A kernel as MIRP holds it: PyWavelets' decomposition filter with a zero appended when its length is
// even (scipy.ndimage.convolve1d then centres it), and its mirror image.
std::vector<double> odd_length_kernel(const std::vector<double>& filter) {
  std::vector<double> kernel = filter;
  if (kernel.size() % 2 == 0) kernel.push_back(0.0);
  return kernel;
}

// One oriented filter set: the sub-band kernel and the low-pass pre-filter of each axis (x, y, z).
struct OrientedSet {
  std::array<std::vector<double>, 3> band;
  std::array<std::vector<double>, 3> pre;
};

// MIRP's pseudo-rotation invariance (SeparableFilterSet.permute_filters): the 24 right-handed
// orientations of the 3D kernel set (4 in 2D), written with symbols gx/gy/gz (the kernel of that axis)
// and jgx/... (its mirror); kernels that are equal share a symbol and a symmetric kernel is its own
// mirror, and orientations that spell the same (band and pre-filter symbols together) count once.
class Orientations {
 public:
  explicit Orientations(const std::vector<std::vector<double>>& kernels) : kernels_(kernels) {
    const std::size_t axes = kernels.size();
    std::array<std::string, 3> g = {"gx", "gy", "gz"}, jg = {"jgx", "jgy", "jgz"};
    if (kernels[0] == kernels[1]) g[1] = g[0], jg[1] = jg[0];
    if (axes == 3 && kernels[0] == kernels[2]) g[2] = g[0], jg[2] = jg[0];
    if (axes == 3 && kernels[1] == kernels[2]) g[2] = g[1], jg[2] = jg[1];
    for (std::size_t a = 0; a < axes; ++a)
      if (std::equal(kernels[a].begin(), kernels[a].end(), kernels[a].rbegin())) jg[a] = g[a];
    const std::string &gx = g[0], &gy = g[1], &gz = g[2], &jgx = jg[0], &jgy = jg[1], &jgz = jg[2];
    if (axes == 2) {
      rows_ = {{gx, gy, ""}, {jgy, gx, ""}, {jgx, jgy, ""}, {gy, jgx, ""}};
      return;
    }
    rows_ = {{gx, gy, gz},    {jgz, gy, gx},   {jgx, gy, jgz},  {gz, gy, jgx},  {gy, gz, gx},
             {gy, jgz, jgx},  {gy, jgx, gz},   {jgx, jgy, gz},  {jgy, gx, gz},  {jgz, jgx, gy},
             {jgz, jgy, jgx}, {jgz, gx, jgy},  {jgy, jgx, jgz}, {gx, jgy, jgz}, {gy, gx, jgz},
             {gz, jgx, jgy},  {gz, jgy, gx},   {gz, gx, gy},    {jgx, gz, gy},  {jgy, gz, jgx},
             {gx, gz, jgy},   {jgx, jgz, jgy}, {jgy, jgz, gx},  {gx, jgz, gy}};
  }

  const std::vector<std::array<std::string, 3>>& rows() const { return rows_; }

  std::vector<double> kernel(const std::string& symbol) const {
    const bool mirrored = symbol[0] == 'j';
    const std::vector<double>& kernel = kernels_[static_cast<std::size_t>(symbol.back() - 'x')];
    return mirrored ? std::vector<double>(kernel.rbegin(), kernel.rend()) : kernel;
  }

 private:
  std::vector<std::vector<double>> kernels_;
  std::vector<std::array<std::string, 3>> rows_;
};

std::vector<OrientedSet> oriented_sets(const std::vector<std::vector<double>>& band,
                                       const std::vector<double>& pre, bool rotation_invariance) {
  const std::size_t axes = band.size();
  if (!rotation_invariance) {
    OrientedSet set;
    for (std::size_t a = 0; a < axes; ++a) set.band[a] = band[a], set.pre[a] = pre;
    return {set};
  }
  const Orientations band_orientations(band);
  const Orientations pre_orientations(std::vector<std::vector<double>>(axes, pre));
  std::vector<std::array<std::string, 6>> seen;
  std::vector<OrientedSet> sets;
  for (std::size_t row = 0; row < band_orientations.rows().size(); ++row) {
    const auto& b = band_orientations.rows()[row];
    const auto& p = pre_orientations.rows()[row];
    const std::array<std::string, 6> spelled = {p[0], p[1], p[2], b[0], b[1], b[2]};
    if (std::find(seen.begin(), seen.end(), spelled) != seen.end()) continue;
    seen.push_back(spelled);
    OrientedSet set;
    for (std::size_t a = 0; a < axes; ++a) {
      set.band[a] = band_orientations.kernel(b[a]);
      set.pre[a] = pre_orientations.kernel(p[a]);
    }
    sets.push_back(std::move(set));
  }
  return sets;
}

// IBSI 2 separable wavelet (the undecimated, à trous transform of MIRP, the IBSI 2 reference): level l
// filters the previous level's low-pass response (all axes low-pass) with the kernels dilated by
// 2^(l-1) (zeros between the taps); the last level applies the sub-band's kernels (L = PyWavelets'
// dec_lo, H = dec_hi; letters for x, y[, z]) with the image's boundary condition. With rotation
// invariance, every orientation of the kernel set is applied and the responses pooled (average or max).
class SeparableWaveletFilter final : public ImageFilter {
 public:
  SeparableWaveletFilter(std::string prefix, std::vector<OrientedSet> sets, std::size_t axes, int levels,
                         BoundaryCondition boundary, bool max_pooling, int half_width)
      : prefix_(std::move(prefix)),
        sets_(std::move(sets)),
        axes_(axes),
        levels_(levels),
        boundary_(boundary),
        max_pooling_(max_pooling),
        half_width_(half_width) {}

  std::vector<std::string> image_names() const override { return {prefix_}; }

  // Level l reaches 2^(l-1) * (kernel length - 1) / 2 voxels on either side.
  int margin_voxels(const core::Vec3&) const override { return half_width_ * ((1 << levels_) - 1); }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    Volume input;
    input.size = image.size();
    input.values.assign(image.voxels().begin(), image.voxels().end());
    std::vector<double> pooled;
    Volume response, filtered;
    for (const auto& set : sets_) {
      response.size = input.size;
      response.values = input.values;
      for (int level = 1; level <= levels_; ++level) {
        const auto& kernels = level < levels_ ? set.pre : set.band;
        const long dilation = 1L << (level - 1);
        // MIRP's order: z, then y, then x.
        for (int axis = static_cast<int>(axes_) - 1; axis >= 0; --axis) {
          const auto& taps = kernels[static_cast<std::size_t>(axis)];
          const AxisFilter filter{taps, dilation * static_cast<long>(taps.size() - 1) / 2, dilation};
          filter_along_axis(response, axis, {&filter}, {&filtered}, boundary_);
          std::swap(response, filtered);
        }
      }
      if (pooled.empty())
        pooled = response.values;
      else if (max_pooling_)
        for (std::size_t k = 0; k < pooled.size(); ++k) pooled[k] = std::max(pooled[k], response.values[k]);
      else
        for (std::size_t k = 0; k < pooled.size(); ++k) pooled[k] += response.values[k];
    }
    core::IntensityImage output(image.geometry());
    const double scale = max_pooling_ ? 1.0 : 1.0 / static_cast<double>(sets_.size());
    for (std::size_t k = 0; k < pooled.size(); ++k)
      output.voxels()[k] = static_cast<float>(pooled[k] * scale);
    yield(prefix_, output);
  }

 private:
  std::string prefix_;
  std::vector<OrientedSet> sets_;
  std::size_t axes_;
  int levels_;
  BoundaryCondition boundary_;
  bool max_pooling_;
  int half_width_;
};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

FilterType separable_wavelet_filter_type() {
  return {
      "SeparableWavelet",
      "IBSI 2 undecimated separable wavelet (wavelet, subband, level, boundary, dimensions, "
      "rotation_invariance, pooling)",
      [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
        if (!options.has("wavelet"))
          options.fail("wavelet", "missing; expected a PyWavelets discrete wavelet (e.g. db2, coif1, haar)");
        const std::string name = options.word("wavelet", "");
        const auto& names = wavelet_names();
        if (std::find(names.begin(), names.end(), name) == names.end())
          options.fail("wavelet", fmt::format("'{}' is not a PyWavelets discrete wavelet (haar, db1-db38, "
                                              "sym2-sym20, coif1-coif17, bior/rbio1.1-6.8, dmey)",
                                              name));
        const std::string dimensions = options.word("dimensions", "3D", {"3D", "2D"});
        const std::size_t axes = dimensions == "3D" ? 3 : 2;
        if (!options.has("subband"))
          options.fail("subband", fmt::format("missing; expected {} letters L or H (x, y{}), e.g. {}", axes,
                                              axes == 3 ? ", z" : "", axes == 3 ? "LHL" : "LH"));
        const std::string subband = upper(options.word("subband", ""));
        if (subband.size() != axes || subband.find_first_not_of("LH") != std::string::npos)
          options.fail("subband", fmt::format("'{}' is not {} letters L or H (x, y{}) for dimensions {}",
                                              subband, axes, axes == 3 ? ", z" : "", dimensions));
        const int levels = options.integer("level", 1);
        options.require(levels >= 1 && levels <= 8, "level", levels, "expected 1 to 8");
        const std::string boundary_word = options.word("boundary", "mirror", boundary_condition_words());
        const bool rotation_invariance = options.flag("rotation_invariance", false);
        const std::string pooling = options.word("pooling", "average", {"average", "max"});
        if (options.has("pooling") && !rotation_invariance)
          options.fail("pooling", "applies only with rotation_invariance: true");

        const auto& bank = wavelet_filter_bank(name);
        std::vector<std::vector<double>> band;
        for (char letter : subband)
          band.push_back(odd_length_kernel(letter == 'L' ? bank.dec_lo : bank.dec_hi));
        const std::vector<double> pre = odd_length_kernel(bank.dec_lo);
        std::string wavelet_label = name;
        std::replace(wavelet_label.begin(), wavelet_label.end(), '.', '-');
        const std::string prefix =
            fmt::format("separable-wavelet-{}-{}-level{}{}-{}", wavelet_label, subband, levels,
                        rotation_invariance ? "-invariant-" + pooling : std::string(), dimensions);
        return std::make_unique<SeparableWaveletFilter>(
            prefix, oriented_sets(band, pre, rotation_invariance), axes, levels,
            parse_boundary_condition(boundary_word), pooling == "max", static_cast<int>(pre.size() - 1) / 2);
      }};
}

}  // namespace radstudy::filters
