#pragma once
#include <string>
#include <vector>

#include "preprocess/region_perturbation.hpp"
#include "study/case_extraction.hpp"
#include "study/icc_analysis.hpp"

namespace radstudy::study {

// perturbations.csv: id,perturbation,amount,voxels_before,voxels_after,shift_x,shift_y,shift_z,error.
std::string perturbation_log_csv(const PerturbedExtraction& extraction,
                                 const std::vector<preprocess::Perturbation>& perturbations);

// The ICC of every feature over the original and the perturbed extractions (raters), on the cases that
// no extraction failed (a note names the others). InputError when fewer than 2 such cases remain.
IccAnalysisResults perturbation_icc(const PerturbedExtraction& extraction, const std::vector<FeatureColumn>& columns,
                                    const std::vector<preprocess::Perturbation>& perturbations,
                                    const IccAnalysisOptions& options);

}  // namespace radstudy::study
