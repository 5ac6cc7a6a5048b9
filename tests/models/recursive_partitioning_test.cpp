// rpart fold by fold against R (tests/golden/trees/make_golden.R).
#include "models/recursive_partitioning.hpp"

#include "tree_golden.hpp"

namespace radstudy::models {
namespace {

TEST(RecursivePartitioning, FoldScoresEqualRpart) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  std::size_t compared = 0;
  for (const std::string name : {"sts8", "sts_all", "synthetic"}) {
    const auto data = testing::golden_data_set(name);
    const auto folds = testing::golden_folds(data, name);
    std::map<std::string, std::string> expected;
    const auto golden = core::read_csv((testing::trees_golden_dir() / (name + "_rpart_scores.csv")).string());
    for (const auto& row : golden.rows) expected[row[0] + "|" + row[1] + "|" + row[2]] = row[3];
    for (const auto& [key, fold] : folds) {
      RecursivePartitioning model;
      model.fit(fold.train, fold.train_labels, 0);
      const auto scores = model.score(fold.test);
      for (std::size_t k = 0; k < scores.size(); ++k) {
        const std::string id = fold.test_ids[k] + "|" + std::to_string(key.first) + "|" + std::to_string(key.second);
        ASSERT_TRUE(expected.count(id)) << id;
        EXPECT_NEAR(scores[k], testing::golden_number(expected[id]), 1e-12) << name << " " << id;
        ++compared;
      }
      // The saved model scores the same.
      const auto restored = RecursivePartitioning::from_json(model.to_json());
      EXPECT_EQ(restored->score(fold.test), scores);
    }
  }
  std::cout << compared << " rpart test scores compared with R\n";
}

}  // namespace
}  // namespace radstudy::models
