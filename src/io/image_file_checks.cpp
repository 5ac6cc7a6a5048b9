#include "io/image_file_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libdeflate.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/file_bytes.hpp"

namespace radstudy::io {
namespace {

namespace fs = std::filesystem;

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> result;
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
}

// Whole numbers of a header field; nullopt when one is not a whole number.
std::optional<std::vector<long long>> whole_numbers(const std::string& text) {
  std::vector<long long> numbers;
  for (const auto& word : words(text)) {
    long long value = 0;
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (error != std::errc() || end != word.data() + word.size()) return std::nullopt;
    numbers.push_back(value);
  }
  return numbers;
}

// The voxel count of `sizes` (three axes of more than one voxel at most), or an InputError.
double voxel_count_of(const std::string& path, const std::vector<long long>& sizes, const char* field) {
  double count = 1;
  for (std::size_t axis = 0; axis < sizes.size(); ++axis) {
    if (sizes[axis] < 1 || sizes[axis] > (1LL << 31))
      throw InputError(fmt::format("{}: the header's {} gives {} voxels along axis {}", path, field,
                                   sizes[axis], axis + 1));
    if (axis >= 3 && sizes[axis] != 1)
      throw InputError(
          fmt::format("{}: a {}D image ({} along axis {}): radstudy reads 3D images; save the volume "
                      "to analyse as its own file",
                      path, sizes.size(), sizes[axis], axis + 1));
    count *= sizes[axis];
  }
  return count;
}

void check_present(const std::string& path, std::size_t available, double needed, const char* what) {
  if (static_cast<double>(available) < needed)
    throw InputError(
        fmt::format("{}: truncated or wrong header: the header's voxels need {} bytes of {}, the file "
                    "holds {}; the file was probably cut short (copy it again from its source)",
                    path, static_cast<double>(needed), what, available));
}

// A detached data file named in a header (its `field` line), relative to the header's folder; refused
// when it is not there.
std::string beside(const std::string& header_path, const std::string& name, const char* field) {
  const fs::path data(name);
  const std::string path =
      data.is_absolute() ? data.string() : (fs::path(header_path).parent_path() / data).string();
  std::error_code error;
  if (!fs::is_regular_file(path, error))
    throw InputError(
        fmt::format("{}: its header names the data file '{}'{}, which {}; put the data file "
                    "beside the header or correct its '{}' line",
                    header_path, name, path == name ? std::string() : " (" + path + ")",
                    fs::is_directory(path, error) ? "is a directory" : "does not exist", field));
  return path;
}

// Checks `size` bytes of data at `data` (from `path`) hold `needed` bytes of voxels in `encoding`.
void check_nrrd_data(const std::string& path, const std::byte* data, std::size_t size,
                     const std::string& encoding, double needed, std::size_t component_bytes,
                     long long byte_skip, long long line_skip) {
  for (long long line = 0; line < line_skip; ++line) {
    const auto* end = std::find(data, data + size, std::byte{'\n'});
    if (end == data + size)
      throw InputError(fmt::format("{}: the data ends within its {} skipped lines", path, line_skip));
    size -= static_cast<std::size_t>(end + 1 - data);
    data = end + 1;
  }
  if (encoding == "raw") {
    if (byte_skip == -1) {
      check_present(path, size, needed, "raw voxel data");
      return;
    }
    if (byte_skip < 0 || static_cast<std::size_t>(byte_skip) > size)
      throw InputError(fmt::format("{}: the header's byte skip {} lies outside the {} bytes of data", path,
                                   byte_skip, size));
    check_present(path, size - static_cast<std::size_t>(byte_skip), needed, "raw voxel data");
  } else if (encoding == "gzip" || encoding == "gz") {
    const FileBytes inflated = inflate_gzip(data, size, path);
    const std::size_t skip = byte_skip > 0 ? static_cast<std::size_t>(byte_skip) : 0;
    check_present(path, inflated.size >= skip ? inflated.size - skip : 0, needed,
                  "gzip-compressed voxel data");
  } else if (encoding == "ascii" || encoding == "text" || encoding == "txt") {
    // At least one character a value (ITK's reader would allocate the whole image before finding fewer).
    check_present(path, size, needed / static_cast<double>(component_bytes),
                  "text voxel data (a character a voxel)");
  } else if (encoding == "hex") {
    check_present(path, size, 2 * needed, "hex voxel data (two digits a byte)");
  } else {
    throw InputError(
        fmt::format("{}: the NRRD encoding '{}' is not one radstudy reads (raw, gzip, ascii or hex); "
                    "save the image with gzip encoding",
                    path, encoding));
  }
}

}  // namespace

namespace detail {

std::size_t bytes_of_named_type(const std::string& name) {
  static const std::map<std::string, std::size_t> sizes = {{"signed char", 1},
                                                           {"int8", 1},
                                                           {"int8_t", 1},
                                                           {"uchar", 1},
                                                           {"unsigned char", 1},
                                                           {"uint8", 1},
                                                           {"uint8_t", 1},
                                                           {"short", 2},
                                                           {"short int", 2},
                                                           {"signed short", 2},
                                                           {"signed short int", 2},
                                                           {"int16", 2},
                                                           {"int16_t", 2},
                                                           {"ushort", 2},
                                                           {"unsigned short", 2},
                                                           {"unsigned short int", 2},
                                                           {"uint16", 2},
                                                           {"uint16_t", 2},
                                                           {"int", 4},
                                                           {"signed int", 4},
                                                           {"int32", 4},
                                                           {"int32_t", 4},
                                                           {"uint", 4},
                                                           {"unsigned int", 4},
                                                           {"uint32", 4},
                                                           {"uint32_t", 4},
                                                           {"longlong", 8},
                                                           {"long long", 8},
                                                           {"long long int", 8},
                                                           {"signed long long", 8},
                                                           {"signed long long int", 8},
                                                           {"int64", 8},
                                                           {"int64_t", 8},
                                                           {"ulonglong", 8},
                                                           {"unsigned long long", 8},
                                                           {"unsigned long long int", 8},
                                                           {"uint64", 8},
                                                           {"uint64_t", 8},
                                                           {"float", 4},
                                                           {"double", 8},
                                                           {"met_char", 1},
                                                           {"met_uchar", 1},
                                                           {"met_short", 2},
                                                           {"met_ushort", 2},
                                                           {"met_int", 4},
                                                           {"met_uint", 4},
                                                           {"met_long", 4},
                                                           {"met_ulong", 4},
                                                           {"met_long_long", 8},
                                                           {"met_ulong_long", 8},
                                                           {"met_float", 4},
                                                           {"met_double", 8}};
  const auto found = sizes.find(core::lowercase(trimmed(name)));
  return found == sizes.end() ? 0 : found->second;
}

}  // namespace detail

void check_nrrd_file(const std::string& path) {
  const FileBytes file = read_file_bytes(path);
  const std::string_view text(reinterpret_cast<const char*>(file.begin()), file.size);
  if (!text.starts_with("NRRD000"))
    throw InputError(
        fmt::format("{}: not a NRRD file: it does not start with the NRRD magic (NRRD000N); check that the "
                    "file is the image (its name says NRRD, its content does not)",
                    path));
  std::map<std::string, std::string> fields;
  std::size_t position = text.find('\n');
  std::size_t data_start = file.size;
  while (position != std::string_view::npos && position + 1 <= text.size()) {
    const std::size_t start = position + 1;
    std::size_t end = text.find('\n', start);
    const std::string line =
        trimmed(text.substr(start, (end == std::string_view::npos ? text.size() : end) - start));
    if (line.empty()) {
      data_start = end == std::string_view::npos ? file.size : end + 1;
      break;
    }
    if (line[0] != '#' && line.find(":=") == std::string::npos) {
      const auto colon = line.find(": ");
      if (colon != std::string::npos)
        fields[core::lowercase(line.substr(0, colon))] = trimmed(line.substr(colon + 2));
    }
    position = end;
  }
  auto field = [&](std::initializer_list<const char*> names) -> std::optional<std::string> {
    for (const char* name : names)
      if (auto found = fields.find(name); found != fields.end()) return found->second;
    return std::nullopt;
  };
  const auto type = field({"type"});
  const auto dimension = field({"dimension"});
  const auto sizes_text = field({"sizes"});
  if (!type || !dimension || !sizes_text)
    throw InputError(fmt::format("{}: the NRRD header lacks its {} field", path,
                                 !type ? "type" : (!dimension ? "dimension" : "sizes")));
  const std::size_t component_bytes = detail::bytes_of_named_type(*type);
  if (component_bytes == 0)
    throw InputError(
        fmt::format("{}: the NRRD type '{}' is not a scalar integer or float type", path, *type));
  const auto sizes = whole_numbers(*sizes_text);
  const auto axes = whole_numbers(*dimension);
  if (!sizes || !axes || axes->size() != 1 || (*axes)[0] < 1 ||
      static_cast<long long>(sizes->size()) != (*axes)[0])
    throw InputError(fmt::format("{}: the NRRD header's sizes '{}' do not match its dimension '{}'", path,
                                 *sizes_text, *dimension));
  std::vector<long long> spatial = *sizes;
  if (const auto kinds = field({"kinds"})) {
    // A leading non-spatial axis (vector, RGB, list ...) holds components: refuse more than one.
    const auto kind_words = words(*kinds);
    if (kind_words.size() == spatial.size() && kind_words[0] != "domain" && kind_words[0] != "space" &&
        kind_words[0] != "time") {
      if (spatial[0] != 1)
        throw InputError(
            fmt::format("{}: a NRRD image with {} components per voxel (kind '{}'): radstudy reads "
                        "scalar images",
                        path, spatial[0], kind_words[0]));
      spatial.erase(spatial.begin());
    }
  }
  const double needed = voxel_count_of(path, spatial, "sizes") * static_cast<double>(component_bytes);
  const std::string encoding = core::lowercase(field({"encoding"}).value_or("raw"));
  long long line_skip = 0, byte_skip = 0;
  if (const auto text_value = field({"line skip", "lineskip"}); text_value && whole_numbers(*text_value))
    line_skip = whole_numbers(*text_value)->empty() ? 0 : whole_numbers(*text_value)->front();
  if (const auto text_value = field({"byte skip", "byteskip"}); text_value && whole_numbers(*text_value))
    byte_skip = whole_numbers(*text_value)->empty() ? 0 : whole_numbers(*text_value)->front();
  if (const auto data_file = field({"data file", "datafile"})) {
    // One detached file. Lists and numbered patterns spread a volume over files, which ITK's reader takes on
    // trust (a malformed pattern can crash it): refused.
    if (data_file->find(' ') != std::string::npos || data_file->find('%') != std::string::npos ||
        data_file->starts_with("LIST"))
      throw InputError(
          fmt::format("{}: the NRRD 'data file: {}' spreads the voxels over several files, which "
                      "radstudy does not read; save the image as one .nrrd",
                      path, *data_file));
    const std::string data_path = beside(path, *data_file, "data file");
    const FileBytes data = read_file_bytes(data_path);
    check_nrrd_data(data_path, data.begin(), data.size, encoding, needed, component_bytes, byte_skip,
                    line_skip);
    return;
  }
  if (data_start >= file.size && needed > 0)
    throw InputError(fmt::format(
        "{}: the NRRD file holds a header but no voxel data; the file was probably cut short (copy it again)",
        path));
  check_nrrd_data(path, file.begin() + data_start, file.size - data_start, encoding, needed, component_bytes,
                  byte_skip, line_skip);
}

void check_meta_image_file(const std::string& path) {
  const FileBytes file = read_file_bytes(path);
  const std::string_view text(reinterpret_cast<const char*>(file.begin()), file.size);
  std::map<std::string, std::string> fields;
  std::size_t start = 0;
  std::size_t data_start = file.size;
  bool data_file_seen = false;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    const auto equals = line.find('=');
    if (equals == std::string::npos) {
      if (!trimmed(line).empty()) break;
    } else {
      const std::string key = core::lowercase(trimmed(line.substr(0, equals)));
      fields[key] = trimmed(line.substr(equals + 1));
      if (key == "elementdatafile") {
        data_start = std::min(end + 1, file.size);
        data_file_seen = true;
        break;
      }
    }
    start = end + 1;
  }
  if (!data_file_seen)
    throw InputError(fmt::format(
        "{}: not a MetaImage file, or a truncated one: no ElementDataFile line in its header; check that the "
        "file is the image and was copied whole",
        path));
  auto field = [&](const char* name) -> std::optional<std::string> {
    if (auto found = fields.find(name); found != fields.end()) return found->second;
    return std::nullopt;
  };
  const auto axes = whole_numbers(field("ndims").value_or(""));
  const auto sizes = whole_numbers(field("dimsize").value_or(""));
  if (!axes || axes->size() != 1 || (*axes)[0] < 1 || !sizes ||
      static_cast<long long>(sizes->size()) != (*axes)[0])
    throw InputError(fmt::format("{}: the MetaImage header's DimSize '{}' does not match its NDims '{}'",
                                 path, field("dimsize").value_or(""), field("ndims").value_or("")));
  const std::size_t component_bytes = detail::bytes_of_named_type(field("elementtype").value_or(""));
  if (component_bytes == 0)
    throw InputError(fmt::format("{}: the MetaImage ElementType '{}' is not a scalar integer or float type",
                                 path, field("elementtype").value_or("")));
  if (const auto channels = whole_numbers(field("elementnumberofchannels").value_or("1"));
      !channels || channels->size() != 1 || (*channels)[0] != 1)
    throw InputError(
        fmt::format("{}: a MetaImage with ElementNumberOfChannels {}: radstudy reads scalar images", path,
                    field("elementnumberofchannels").value_or("")));
  const double needed = voxel_count_of(path, *sizes, "DimSize") * static_cast<double>(component_bytes);
  const bool compressed = core::lowercase(field("compresseddata").value_or("false")) == "true";
  if (core::lowercase(field("binarydata").value_or("true")) == "false")
    return;  // ASCII voxels: ITK's reader checks

  const std::string data_name = *field("elementdatafile");
  std::optional<FileBytes> detached;
  const std::byte* data = file.begin() + data_start;
  std::size_t size = file.size - data_start;
  std::string data_path = path;
  if (core::lowercase(data_name) != "local") {
    // One data file. LIST and numbered patterns spread a volume over files, which ITK's MetaIO takes on trust
    // (a malformed pattern divides by zero in it): refused.
    if (data_name.find(' ') != std::string::npos || data_name.find('%') != std::string::npos ||
        core::lowercase(data_name).starts_with("list") || data_name.empty())
      throw InputError(
          fmt::format("{}: the MetaImage 'ElementDataFile = {}' is not LOCAL or one data file; radstudy "
                      "reads a volume stored in one file (save it as one .mha)",
                      path, data_name));
    data_path = beside(path, data_name, "ElementDataFile");
    detached = read_file_bytes(data_path);
    data = detached->begin();
    size = detached->size;
    if (const auto header_size = whole_numbers(field("headersize").value_or("0"));
        header_size && header_size->size() == 1) {
      const long long skip = (*header_size)[0];
      if (skip == -1 && !compressed) {
        check_present(data_path, size, needed, "raw voxel data");
        return;
      }
      if (skip < 0 || static_cast<std::size_t>(skip) > size)
        throw InputError(fmt::format("{}: the header's HeaderSize {} lies outside the {} bytes of {}", path,
                                     skip, size, data_path));
      data += skip;
      size -= static_cast<std::size_t>(skip);
    }
  }
  if (!compressed) {
    check_present(data_path, size, needed, "raw voxel data");
    return;
  }
  // zlib-compressed: inflate into exactly the size the header implies, checking the Adler-32.
  if (needed > (static_cast<double>(size) * 1032))
    throw InputError(
        fmt::format("{}: truncated or wrong header: {} compressed bytes cannot hold the {} bytes of "
                    "voxels the header implies",
                    data_path, size, static_cast<double>(needed)));
  const auto capacity = static_cast<std::size_t>(needed);
  auto buffer = std::make_unique_for_overwrite<std::byte[]>(std::max<std::size_t>(capacity, 1));
  libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
  if (!decompressor) throw std::bad_alloc();
  std::size_t inflated = 0;
  const libdeflate_result result =
      libdeflate_zlib_decompress(decompressor, data, size, buffer.get(), capacity, &inflated);
  libdeflate_free_decompressor(decompressor);
  if (result == LIBDEFLATE_INSUFFICIENT_SPACE)
    throw InputError(
        fmt::format("{}: wrong header: the compressed data inflates to more than the {} bytes of voxels "
                    "the header implies",
                    data_path, capacity));
  if (result != LIBDEFLATE_SUCCESS)
    throw InputError(
        fmt::format("{}: the zlib-compressed voxel data is damaged or truncated (bad data or Adler-32 "
                    "mismatch)",
                    data_path));
  check_present(data_path, inflated, needed, "compressed voxel data");
}

void check_geometry(const std::string& path, const core::Geometry& geometry) {
  for (std::size_t axis = 0; axis < 3; ++axis) {
    if (geometry.size[axis] == 0)
      throw InputError(fmt::format("{}: the image has no voxels along axis {}", path, axis + 1));
    if (!std::isfinite(geometry.spacing[axis]) || geometry.spacing[axis] < 1e-6 ||
        geometry.spacing[axis] > 1e6)
      throw InputError(
          fmt::format("{}: the voxel spacing along axis {} is {}; it must be a positive number of mm "
                      "(1e-6 to 1e6)",
                      path, axis + 1, geometry.spacing[axis]));
    if (!std::isfinite(geometry.origin[axis]) || std::abs(geometry.origin[axis]) > 1e6)
      throw InputError(fmt::format("{}: the image origin ({}, {}, {}) is not finite or lies beyond 1e6 mm",
                                   path, geometry.origin[0], geometry.origin[1], geometry.origin[2]));
  }
  const auto& d = geometry.direction;
  double worst = 0.0;
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t b = 0; b < 3; ++b) {
      const double dot = d[a] * d[b] + d[3 + a] * d[3 + b] + d[6 + a] * d[6 + b];
      const double error = std::abs(dot - (a == b ? 1.0 : 0.0));
      worst = std::isfinite(error) ? std::max(worst, error) : INFINITY;
    }
  if (!(worst <= 1e-4))
    throw InputError(
        fmt::format("{}: the image's direction matrix [{}] is not orthonormal (deviation {:.3g}): its "
                    "axes are skewed or not finite",
                    path, fmt::join(d, ", "), worst));
}

}  // namespace radstudy::io
