#include "study/extraction_cache.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/synthetic_case_files.hpp"
#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace radstudy::study {
namespace {

namespace fs = std::filesystem;

// Equal sizes and equal bit patterns (NaN as NaN; an empty row, a failed case's, has no data pointer).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t j = 0; j < a.size(); ++j)
    if (std::bit_cast<std::uint64_t>(a[j]) != std::bit_cast<std::uint64_t>(b[j])) return false;
  return true;
}

// Four synthetic cases (first-order and GLCM features), a case whose mask holds no region (an input
// error), and the cache folder.
class ExtractionCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              fmt::format("radstudy_extraction_cache_{}_{}", getpid(),
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    for (int k = 0; k < 4; ++k) {
      const auto files = testing::write_synthetic_case(folder_ / fmt::format("case{}", k), k);
      cases_.push_back({fmt::format("C{}", k), files.image.string(), files.mask.string(), "", std::nullopt});
    }
    const auto empty = testing::write_synthetic_case(folder_ / "empty", [](auto&, auto& mask) {
      std::fill(mask.voxels().begin(), mask.voxels().end(), 0);
    });
    cases_.push_back({"EMPTY", empty.image.string(), empty.mask.string(), "", std::nullopt});
    settings_ = settings::parse_extraction_settings(
        "featureClass:\n  firstorder:\n  glcm:\nsetting:\n  binWidth: 25\n", "params.yaml");
    columns_ = feature_columns(settings_);
    cache_ = (folder_ / "cache").string();
  }
  void TearDown() override { fs::remove_all(folder_); }

  CachedExtraction run(const settings::ExtractionSettings& settings) {
    from_cache_ = extracted_ = 0;
    return extract_cases_cached(
        cases_, settings, columns_, cache_, 2,
        [&](const CaseResult&, bool from_cache, std::size_t) { ++(from_cache ? from_cache_ : extracted_); });
  }
  std::vector<CaseResult> direct(const settings::ExtractionSettings& settings) {
    return extract_cases(cases_, settings, columns_, 1, nullptr, false);
  }
  // Same ids, errors and values bit for bit (NaN as NaN).
  static void expect_identical(const std::vector<CaseResult>& a, const std::vector<CaseResult>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].id, b[k].id);
      EXPECT_EQ(a[k].error, b[k].error);
      ASSERT_EQ(a[k].values.size(), b[k].values.size()) << a[k].id;
      EXPECT_TRUE(same_bits(a[k].values, b[k].values)) << a[k].id;
    }
  }
  std::size_t cache_files() const {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(cache_)) count += entry.path().extension() == ".csv";
    return count;
  }

  fs::path folder_;
  std::vector<CaseSpec> cases_;
  settings::ExtractionSettings settings_;
  std::vector<FeatureColumn> columns_;
  std::string cache_;
  int from_cache_ = 0, extracted_ = 0;
};

TEST_F(ExtractionCacheTest, SecondRunExtractsNothingAndGivesTheSameBits) {
  const auto reference = direct(settings_);
  ASSERT_TRUE(reference[0].error.empty()) << reference[0].error;
  ASSERT_FALSE(reference[4].error.empty());  // the empty mask
  const auto first = run(settings_);
  EXPECT_EQ(first.extracted, 5u);
  EXPECT_EQ(first.reused, 0u);
  EXPECT_EQ(extracted_, 5);
  EXPECT_EQ(cache_files(), 5u);  // the input error is cached too
  expect_identical(first.results, reference);
  const auto second = run(settings_);
  EXPECT_EQ(second.extracted, 0u);
  EXPECT_EQ(second.reused, 5u);
  EXPECT_EQ(from_cache_, 5);
  EXPECT_EQ(extracted_, 0);
  expect_identical(second.results, reference);
  EXPECT_EQ(feature_table_csv(second.results, columns_, false),
            feature_table_csv(reference, columns_, false));
}

TEST_F(ExtractionCacheTest, OtherSettingsExtractEveryCaseAgain) {
  run(settings_);
  auto other = settings_;
  other.bin_width = 10.0;
  const auto changed = run(other);
  EXPECT_EQ(changed.extracted, 5u);
  expect_identical(changed.results, direct(other));
  EXPECT_EQ(run(settings_).extracted, 0u);  // the first settings' files are still there
  // Settings from a file with other comments and layout are the same settings.
  const auto same = settings::parse_extraction_settings(
      "# other text\nsetting: {binWidth: 25}\nfeatureClass: {firstorder: , glcm: }\n", "elsewhere/p.yaml");
  EXPECT_EQ(run(same).extracted, 0u);
  EXPECT_NE(canonical_settings_text(settings_), canonical_settings_text(other));
  EXPECT_EQ(canonical_settings_text(settings_), canonical_settings_text(same));
}

TEST_F(ExtractionCacheTest, ChangedMaskBytesExtractThatCaseOnlyAndTouchingDoesNot) {
  run(settings_);
  fs::last_write_time(cases_[1].mask, fs::file_time_type::clock::now() + std::chrono::hours(1));
  EXPECT_EQ(run(settings_).extracted, 0u);
  testing::write_synthetic_case(
      folder_ / "case1",
      [](auto&, auto& mask) {
        for (std::size_t k = 0; k < mask.voxels().size(); ++k)
          if (mask.voxels()[k]) {
            mask.voxels()[k] = 0;  // one voxel fewer
            break;
          }
      },
      1);
  const auto again = run(settings_);
  EXPECT_EQ(again.extracted, 1u);
  EXPECT_EQ(again.reused, 4u);
  expect_identical(again.results, direct(settings_));
}

TEST_F(ExtractionCacheTest, InterruptedRunResumesWithTheMissingCasesOnly) {
  const auto reference = run(settings_).results;
  fs::remove(cache_file_path(cache_, "C0", case_cache_keys(cases_[0], settings_, columns_)->values));
  fs::remove(cache_file_path(cache_, "C2", case_cache_keys(cases_[2], settings_, columns_)->values));
  const auto resumed = run(settings_);
  EXPECT_EQ(resumed.extracted, 2u);
  EXPECT_EQ(resumed.reused, 3u);
  expect_identical(resumed.results, reference);
  // A damaged cache file is not trusted: the case is extracted again and its file rewritten.
  const auto damaged = cache_file_path(cache_, "C3", case_cache_keys(cases_[3], settings_, columns_)->values);
  std::ofstream(damaged) << "id,x\nC3,1\n";
  EXPECT_EQ(run(settings_).extracted, 1u);
  EXPECT_EQ(run(settings_).extracted, 0u);
}

TEST_F(ExtractionCacheTest, MovedFilesKeepTheValuesButNotACachedError) {
  const auto reference = run(settings_).results;
  fs::rename(folder_ / "case2", folder_ / "moved");
  cases_[2].image = (folder_ / "moved/image.nii.gz").string();
  cases_[2].mask = (folder_ / "moved/mask.nii.gz").string();
  fs::rename(folder_ / "empty", folder_ / "moved_empty");
  cases_[4].image = (folder_ / "moved_empty/image.nii.gz").string();
  cases_[4].mask = (folder_ / "moved_empty/mask.nii.gz").string();
  const auto moved = run(settings_);
  EXPECT_EQ(moved.extracted, 1u);  // the error names the old paths: extracted again
  EXPECT_NE(moved.results[4].error.find("moved_empty"), std::string::npos) << moved.results[4].error;
  EXPECT_TRUE(same_bits(moved.results[2].values, reference[2].values));
}

TEST_F(ExtractionCacheTest, UnreadableCasesAreExtractedEveryTimeAndNotCached) {
  cases_[0].image = (folder_ / "missing.nii.gz").string();
  EXPECT_FALSE(case_cache_keys(cases_[0], settings_, columns_));
  const auto first = run(settings_);
  EXPECT_FALSE(first.results[0].error.empty());
  EXPECT_EQ(cache_files(), 4u);
  EXPECT_EQ(run(settings_).extracted, 1u);
}

TEST_F(ExtractionCacheTest, KeysFollowEveryPartOfTheCase) {
  const auto base = case_cache_keys(cases_[0], settings_, columns_)->values;
  auto other = cases_[0];
  other.id = "renamed";
  EXPECT_NE(case_cache_keys(other, settings_, columns_)->values, base);
  other = cases_[0];
  other.label = 1;
  EXPECT_NE(case_cache_keys(other, settings_, columns_)->values, base);
  other = cases_[0];
  other.mask = cases_[1].mask;
  EXPECT_NE(case_cache_keys(other, settings_, columns_)->values, base);
  auto first_order = settings_;
  first_order.feature_classes.erase("glcm");
  EXPECT_NE(case_cache_keys(cases_[0], first_order, feature_columns(first_order))->values, base);
  EXPECT_EQ(base.size(), 32u);
  EXPECT_EQ(case_cache_keys(cases_[0], settings_, columns_)->values, base);  // a fixed function
}

TEST_F(ExtractionCacheTest, SeriesFolderKeyFollowsEveryFileNameAndBytes) {
  const auto series = folder_ / "series";
  fs::create_directories(series);
  for (int k = 0; k < 3; ++k) std::ofstream(series / fmt::format("slice{}.dcm", k)) << "slice " << k;
  CaseSpec spec{"S", series.string(), cases_[0].mask, "", std::nullopt};
  const auto base = case_cache_keys(spec, settings_, columns_)->values;
  std::ofstream(series / "slice1.dcm") << "slice 9";
  const auto edited = case_cache_keys(spec, settings_, columns_)->values;
  EXPECT_NE(edited, base);
  fs::rename(series / "slice1.dcm", series / "slice7.dcm");
  EXPECT_NE(case_cache_keys(spec, settings_, columns_)->values, edited);
  std::ofstream(series / "slice8.dcm") << "";
  EXPECT_NE(case_cache_keys(spec, settings_, columns_)->values, edited);
}

TEST_F(ExtractionCacheTest, HeaderFilesKeyTheirDataFile) {
  const auto header = folder_ / "image.mhd";
  std::ofstream(header) << "ObjectType = Image\nNDims = 3\nElementDataFile = image.raw\n";
  std::ofstream(folder_ / "image.raw") << "voxels A";
  CaseSpec spec{"H", header.string(), cases_[0].mask, "", std::nullopt};
  const auto base = case_cache_keys(spec, settings_, columns_)->values;
  std::ofstream(folder_ / "image.raw") << "voxels B";
  EXPECT_NE(case_cache_keys(spec, settings_, columns_)->values, base);
  std::ofstream(header) << "ObjectType = Image\nElementDataFile = LIST\n";
  EXPECT_FALSE(case_cache_keys(spec, settings_, columns_));  // not cached: the data files cannot be told
}

TEST_F(ExtractionCacheTest, DuplicateIdsAreRefused) {
  cases_[1].id = "C0";
  EXPECT_THROW(run(settings_), InputError);
}

// Real CT (STS, PyRadiomics' default set): the cache gives the bits of extract_cases, and what a cached
// run costs (hashing the files and reading the rows) beside the extraction.
TEST(ExtractionCacheSts, RealCtReadBackBitIdenticalAndFast) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_003/ct_image.nii.gz");
  std::vector<CaseSpec> cases;
  for (const char* id : {"STS_001", "STS_002", "STS_003"}) {
    const auto folder = testing::shared_dir() / "data/sts" / id;
    cases.push_back(
        {id, (folder / "ct_image.nii.gz").string(), (folder / "ct_mask.nii.gz").string(), "", std::nullopt});
  }
  const auto settings = settings::default_extraction_settings();
  const auto columns = feature_columns(settings);
  const auto cache = fs::temp_directory_path() / fmt::format("radstudy_extraction_cache_sts_{}", getpid());
  fs::remove_all(cache);
  const auto seconds_of = [](auto&& action) {
    const auto start = std::chrono::steady_clock::now();
    action();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<CaseResult> direct;
  CachedExtraction first, second;
  const double direct_seconds =
      seconds_of([&] { direct = extract_cases(cases, settings, columns, 1, nullptr, false); });
  const double first_seconds =
      seconds_of([&] { first = extract_cases_cached(cases, settings, columns, cache.string(), 1, nullptr); });
  const double second_seconds = seconds_of(
      [&] { second = extract_cases_cached(cases, settings, columns, cache.string(), 1, nullptr); });
  fs::remove_all(cache);
  EXPECT_EQ(first.extracted, 3u);
  EXPECT_EQ(second.extracted, 0u);
  EXPECT_EQ(feature_table_csv(second.results, columns, false), feature_table_csv(direct, columns, false));
  for (std::size_t k = 0; k < cases.size(); ++k) {
    ASSERT_TRUE(direct[k].error.empty()) << direct[k].error;
    EXPECT_TRUE(same_bits(second.results[k].values, direct[k].values)) << direct[k].id;
  }
  std::printf("3 STS cases: extract_cases %.2f s, cached first run %.2f s, cached second run %.3f s\n",
              direct_seconds, first_seconds, second_seconds);
  EXPECT_LT(second_seconds, direct_seconds / 5);
}

}  // namespace
}  // namespace radstudy::study
