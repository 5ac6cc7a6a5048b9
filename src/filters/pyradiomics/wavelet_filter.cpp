#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/wavelet_bank.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' Wavelet image type (imageoperations.getWaveletImage/_swt3, PyRadiomics 3.1): every axis of
// odd length is padded by one voxel (the first one, numpy 'wrap'), then pywt.swtn(level=1) runs on the
// padded image once per level, each time on the previous level's approximation: PyWavelets' periodised
// stationary transform, out[i] = sum_j filter[j] * in[(i + F/2 - j) mod n] with F the filter length, the
// same undilated filters at every level (PyRadiomics restarts swtn at level 1 each time). It yields the
// detail sub-bands of each level from start_level on, then the last approximation, cropped back to the
// image. The letters follow PyRadiomics' axes (x, y, z: numpy axes 2, 1, 0): wavelet-LLH is low-pass
// along x and y and high-pass along z. Under force2D the axis force2Ddimension (0 = z, numpy order) is
// not filtered and the names have two letters.
class WaveletFilter final : public ImageFilter {
 public:
  WaveletFilter(const WaveletFilterBank& bank, int start_level, int levels, std::vector<int> axes)
      : start_level_(start_level), levels_(levels), axes_(std::move(axes)) {
    const long length = static_cast<long>(bank.dec_lo.size());
    low_ = {bank.dec_lo, length / 2, 1};
    high_ = {bank.dec_hi, length / 2, 1};
  }

  std::vector<std::string> image_names() const override {
    std::vector<std::string> names;
    for (int level = 1; level <= levels_; ++level)
      for (const auto& band : detail_bands()) names.push_back(level_prefix(level) + band);
    names.push_back(level_prefix(levels_) + std::string(axes_.size(), 'L'));
    return names;
  }

  // Each level reads F/2 voxels on one side and F/2 - 1 on the other (the periodic wrap only shows
  // beyond these).
  int margin_voxels(const core::Vec3&) const override {
    return (start_level_ + levels_) * static_cast<int>(low_.taps.size() / 2);
  }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    Pass pass{
        image, yield, std::vector<Volume>(2 * axes_.size()), {}, core::IntensityImage(image.geometry())};
    Volume data = padded_volume(image);
    for (int level = 0; level < start_level_; ++level)
      for (int axis : axes_) {
        filter_along_axis(data, axis, {&low_}, {&pass.work[0]}, BoundaryCondition::Periodic);
        std::swap(data, pass.work[0]);
      }
    for (int level = 1; level <= levels_; ++level) {
      // The level's input is only read by the first pass, so its buffer takes the approximation.
      std::swap(pass.approximation, data);
      decompose(pass.approximation, 0, "", level, pass);
      std::swap(data, pass.approximation);
    }
    yield_cropped(level_prefix(levels_) + std::string(axes_.size(), 'L'), data, pass);
  }

 private:
  static std::string level_prefix(int level) {
    return level == 1 ? std::string("wavelet-") : fmt::format("wavelet{}-", level);
  }

  // pywt.swtn's dictionary order without the approximation: letters per axis, L before H, the first
  // axis varying slowest (LLH, LHL, LHH, HLL, HLH, HHL, HHH).
  std::vector<std::string> detail_bands() const {
    std::vector<std::string> bands;
    const std::size_t count = std::size_t{1} << axes_.size();
    for (std::size_t code = 1; code < count; ++code) {
      std::string band;
      for (std::size_t k = 0; k < axes_.size(); ++k) band += (code >> (axes_.size() - 1 - k)) & 1 ? 'H' : 'L';
      bands.push_back(band);
    }
    return bands;
  }

  bool filtered(int axis) const { return std::find(axes_.begin(), axes_.end(), axis) != axes_.end(); }

  // The image in double, each filtered axis of odd length extended by its first voxel (np.pad 'wrap').
  Volume padded_volume(const core::IntensityImage& image) const {
    Volume volume;
    for (int axis = 0; axis < 3; ++axis) {
      const std::size_t length = image.size()[static_cast<std::size_t>(axis)];
      volume.size[static_cast<std::size_t>(axis)] = length + (filtered(axis) && length % 2 ? 1 : 0);
    }
    volume.values.resize(volume.count());
    std::size_t k = 0;
    for (std::size_t z = 0; z < volume.size[2]; ++z)
      for (std::size_t y = 0; y < volume.size[1]; ++y)
        for (std::size_t x = 0; x < volume.size[0]; ++x)
          volume.values[k++] = image.at(x % image.size()[0], y % image.size()[1], z % image.size()[2]);
    return volume;
  }

  // The buffers of one apply(): L and H at each depth of the recursion (reused from one branch to the
  // next), the level's approximation and the output image.
  struct Pass {
    const core::IntensityImage& image;
    const ImageSink& yield;
    std::vector<Volume> work;
    Volume approximation;
    core::IntensityImage output;
  };

  // Splits `data` into L and H along axes_[depth], recursing until every axis is filtered; yields the
  // details and keeps the all-L band in pass.approximation (swtn's order: L before H, axis by axis).
  void decompose(const Volume& data, std::size_t depth, const std::string& band, int level,
                 Pass& pass) const {
    Volume& low = pass.work[2 * depth];
    Volume& high = pass.work[2 * depth + 1];
    if (depth + 1 < axes_.size()) {
      filter_along_axis(data, axes_[depth], {&low_, &high_}, {&low, &high}, BoundaryCondition::Periodic);
      decompose(low, depth + 1, band + 'L', level, pass);
      decompose(high, depth + 1, band + 'H', level, pass);
      return;
    }
    // The last axis: L, then H, through one buffer (each is yielded at once).
    filter_along_axis(data, axes_[depth], {&low_}, {&low}, BoundaryCondition::Periodic);
    if (band.find('H') == std::string::npos)
      std::swap(pass.approximation, low);  // the level input it held was read by the first pass only
    else
      yield_cropped(level_prefix(level) + band + 'L', low, pass);
    filter_along_axis(data, axes_[depth], {&high_}, {&low}, BoundaryCondition::Periodic);
    yield_cropped(level_prefix(level) + band + 'H', low, pass);
  }

  static void yield_cropped(const std::string& name, const Volume& result, Pass& pass) {
    const core::IntensityImage& image = pass.image;
    std::size_t k = 0;
    for (std::size_t z = 0; z < image.size()[2]; ++z)
      for (std::size_t y = 0; y < image.size()[1]; ++y) {
        const double* row = result.values.data() + result.size[0] * (y + result.size[1] * z);
        for (std::size_t x = 0; x < image.size()[0]; ++x)
          pass.output.voxels()[k++] = static_cast<float>(row[x]);
      }
    pass.yield(name, pass.output);
  }

  AxisFilter low_, high_;
  int start_level_, levels_;
  std::vector<int> axes_;  // filtered axes in PyRadiomics' letter order (0 = x, 1 = y, 2 = z)
};

}  // namespace

FilterType wavelet_filter_type() {
  return {"Wavelet",
          "PyRadiomics' undecimated wavelet sub-bands (wavelet, start_level, level; pywt.swtn, periodic)",
          [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
            const std::string name = options.word("wavelet", "coif1");
            const auto& names = wavelet_names();
            if (std::find(names.begin(), names.end(), name) == names.end())
              options.fail("wavelet",
                           fmt::format("'{}' is not a PyWavelets discrete wavelet (haar, db1-db38, "
                                       "sym2-sym20, coif1-coif17, bior/rbio1.1-6.8, dmey)",
                                       name));
            const int start_level = options.integer("start_level", 0);
            options.require(start_level >= 0 && start_level <= 16, "start_level", start_level,
                            "expected 0 to 16");
            const int levels = options.integer("level", 1);
            options.require(levels >= 1 && levels <= 16, "level", levels, "expected 1 to 16");
            // numpy axes 2, 1, 0 are x, y, z; force2D leaves out numpy axis force2Ddimension.
            std::vector<int> axes = {0, 1, 2};
            const auto& settings = options.settings();
            if (settings.force_2d)
              axes.erase(std::find(axes.begin(), axes.end(), 2 - settings.force_2d_dimension));
            return std::make_unique<WaveletFilter>(wavelet_filter_bank(name), start_level, levels,
                                                   std::move(axes));
          }};
}

}  // namespace radstudy::filters
