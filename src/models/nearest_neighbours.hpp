#pragma once
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "models/classifier.hpp"

namespace radstudy::models {

// class::knn(train, test, cl, k = 5, use.all = TRUE) as its C code (VR_knn) does it: squared Euclidean
// distances, the k nearest training cases plus every case tied with the k-th distance (within a
// relative 1e-4, as VR_knn's fuzz). score = the share of those neighbours' votes for class 1.
// class::knn breaks a tie between the two classes' votes at random; radstudy does not: a tied vote
// gives score 0.5, which is class 0 under the rule "class 1 when score > 0.5" (deterministic; with
// k = 5 a tie needs distance ties).
class NearestNeighbours : public Classifier {
 public:
  explicit NearestNeighbours(int k = 5) : k_(k) {}
  std::string name() const override { return "knn"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  static std::unique_ptr<Classifier> from_json(const nlohmann::json& model);

 private:
  int k_;
  Eigen::MatrixXd train_;
  std::vector<int> labels_;
};

}  // namespace radstudy::models
