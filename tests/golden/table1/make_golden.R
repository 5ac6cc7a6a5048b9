# Golden values for radstudy's group tests, contingency tests and `radstudy table1`.
# Run from the repository root:  Rscript tests/golden/table1/make_golden.R
# Inputs: ../shared/data/sts/clinical.csv and synthetic samples this script writes itself.
# Outputs (tests/golden/table1/): *_samples.csv / tables.csv (inputs), *_results.csv (R's values),
# synthetic_clinical.csv and *_table1_expected.csv (per-variable test and p of Table 1).
set.seed(20240611)
out_dir <- "tests/golden/table1"
num <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
write_golden <- function(frame, name) {
  for (column in names(frame)) if (is.numeric(frame[[column]])) frame[[column]] <- num(frame[[column]])
  write.csv(frame, file.path(out_dir, name), row.names = FALSE, quote = TRUE)
}

# ---- two-sample tests: Welch / Student t, Wilcoxon rank-sum (exact and normal paths) ----
two_sample <- list(
  list(x = rnorm(3), y = rnorm(4, 1)),
  list(x = rnorm(5), y = rnorm(5, 0.5)),
  list(x = rnorm(7, 10, 2), y = rnorm(10, 12, 5)),
  list(x = rnorm(10), y = rnorm(3, -1)),
  list(x = 1:4 + 0.5, y = 6:9 + 0.25),                       # fully separated: smallest exact p
  list(x = round(rnorm(8) * 2), y = round(rnorm(9, 1) * 2)),  # ties: normal approximation
  list(x = sample(1:5, 20, TRUE), y = sample(1:5, 25, TRUE)), # Likert-like, heavy ties
  list(x = rnorm(49), y = rnorm(49, 0.3)),                    # largest exact case
  list(x = rnorm(30), y = rnorm(60, 0.4)),                    # n >= 50: normal without ties
  list(x = rexp(55), y = rexp(40, 0.6)),
  list(x = rexp(12, 2), y = rexp(6, 0.5)),
  list(x = c(rnorm(6), NA, NA), y = c(NA, rnorm(9, 0.8))),   # missing values ignored
  list(x = rnorm(3, 100, 0.01), y = rnorm(3, 100.02, 0.01)),
  list(x = c(2, 2, 3, 3, 3, 4), y = c(3, 4, 4, 5, 5, 5, 6)),
  list(x = rlnorm(15), y = rlnorm(15, 0.2))
)
samples <- do.call(rbind, lapply(seq_along(two_sample), function(k) rbind(
  data.frame(case = k, group = "x", value = two_sample[[k]]$x),
  data.frame(case = k, group = "y", value = two_sample[[k]]$y))))
write_golden(samples, "two_sample_samples.csv")
two_sample_results <- do.call(rbind, lapply(seq_along(two_sample), function(k) {
  x <- two_sample[[k]]$x; y <- two_sample[[k]]$y
  welch <- t.test(x, y); student <- t.test(x, y, var.equal = TRUE)
  wilcox <- suppressWarnings(wilcox.test(x, y))
  normal <- suppressWarnings(wilcox.test(x, y, exact = FALSE))
  uncorrected <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = FALSE))
  xy <- c(x[!is.na(x)], y[!is.na(y)])
  exact <- if (anyDuplicated(xy) == 0) wilcox.test(x, y, exact = TRUE)$p.value else NA
  data.frame(case = k, welch_t = welch$statistic, welch_df = welch$parameter, welch_p = welch$p.value,
             student_t = student$statistic, student_df = student$parameter, student_p = student$p.value,
             wilcox_w = wilcox$statistic, wilcox_p = wilcox$p.value, wilcox_method = wilcox$method,
             wilcox_exact_p = exact, wilcox_normal_p = normal$p.value, wilcox_uncorrected_p = uncorrected$p.value)
}))
write_golden(two_sample_results, "two_sample_results.csv")

# pwilcox on a grid, for the exact distribution itself.
pwilcox_grid <- expand.grid(q = c(0, 1, 3, 7, 12, 20, 33, 60, 200, 1200), m = c(1, 3, 8, 20, 49), n = c(2, 5, 13, 49))
pwilcox_grid$p <- pwilcox(pwilcox_grid$q, pwilcox_grid$m, pwilcox_grid$n)
write_golden(pwilcox_grid, "pwilcox_results.csv")

# ---- Shapiro-Wilk: n = 3..100, several shapes ----
shapiro_samples <- list(
  c(1.2, 3.4, 2.2), c(1, 2, 10), rnorm(3), rnorm(4), rexp(4), rnorm(5), runif(5), rnorm(6), rexp(6),
  rnorm(7), rnorm(8), rexp(9), rnorm(10), runif(11), rnorm(12), rexp(12), rnorm(15), rnorm(20),
  rexp(20), round(rnorm(25) * 3), rnorm(30), runif(40), rnorm(50), rexp(55), rnorm(60), rt(60, 3),
  rnorm(100), c(rep(1, 5), 2, 3, 50), rlnorm(35), rnorm(8, 1e6, 1e-3))
shapiro_long <- do.call(rbind, lapply(seq_along(shapiro_samples), function(k)
  data.frame(sample = k, value = shapiro_samples[[k]])))
write_golden(shapiro_long, "shapiro_samples.csv")
shapiro_results <- do.call(rbind, lapply(seq_along(shapiro_samples), function(k) {
  test <- shapiro.test(shapiro_samples[[k]])
  data.frame(sample = k, n = length(shapiro_samples[[k]]), w = test$statistic, p = test$p.value)
}))
write_golden(shapiro_results, "shapiro_results.csv")

# ---- k-sample tests: Kruskal-Wallis, Welch one-way ANOVA, classical ANOVA (aov) ----
multi <- list(
  list(rnorm(4), rnorm(5, 1), rnorm(6, 0.5)),
  list(rnorm(10), rnorm(12, 0.3), rnorm(8, 2), rnorm(9, 0.1)),
  list(round(rnorm(7) * 2), round(rnorm(7, 1) * 2), round(rnorm(7, 2) * 2)),  # ties
  list(rexp(20), rexp(25, 0.5), rexp(15, 2)),
  list(rnorm(3, 5), rnorm(3, 6), rnorm(3, 5.5), rnorm(3, 7), rnorm(3, 4))
)
multi_long <- do.call(rbind, lapply(seq_along(multi), function(k) do.call(rbind, lapply(seq_along(multi[[k]]),
  function(g) data.frame(case = k, group = g, value = multi[[k]][[g]])))))
write_golden(multi_long, "multi_group_samples.csv")
multi_results <- do.call(rbind, lapply(seq_along(multi), function(k) {
  d <- multi_long[multi_long$case == k, ]
  d$group <- factor(d$group)
  kw <- kruskal.test(value ~ group, data = d)
  welch <- oneway.test(value ~ group, data = d)
  classic <- summary(aov(value ~ group, data = d))[[1]]
  data.frame(case = k, kruskal_h = kw$statistic, kruskal_df = kw$parameter, kruskal_p = kw$p.value,
             welch_f = welch$statistic, welch_df1 = welch$parameter[1], welch_df2 = welch$parameter[2],
             welch_p = welch$p.value, anova_f = classic[["F value"]][1], anova_df2 = classic$Df[2],
             anova_p = classic[["Pr(>F)"]][1])
}))
write_golden(multi_results, "multi_group_results.csv")

# ---- contingency tables: chisq.test (Yates on 2x2) and fisher.test, 2x2 to r x c ----
random_table <- function(r, c, n) matrix(tabulate(sample(r * c, n, TRUE, prob = runif(r * c) + 0.2), r * c), r, c)
tables <- list(
  matrix(c(3, 1, 1, 3), 2), matrix(c(10, 2, 3, 15), 2), matrix(c(0, 5, 6, 1), 2), matrix(c(25, 30, 28, 24), 2),
  matrix(c(12, 13, 11, 14), 2),  # |O - E| < 0.5: Yates' correction shrinks to |O - E|
  matrix(c(1, 0, 0, 1), 2), matrix(c(7, 0, 2, 9), 2),
  random_table(3, 4, 40), random_table(3, 4, 60), random_table(4, 3, 30), random_table(2, 5, 25),
  random_table(2, 8, 51), random_table(5, 5, 45), random_table(3, 3, 20), random_table(4, 4, 60),
  matrix(c(2, 3, 0, 1, 4, 0, 5, 0, 2), 3),  # zero cells
  matrix(c(5, 0, 3, 0, 0, 0, 4, 6), 2),     # an empty column: dropped by fisher.test's margins
  matrix(c(8, 6, 5, 7, 4, 9, 6, 5, 6, 5, 8, 4, 5, 7, 4, 9), 4, byrow = TRUE))  # 4 x 4, n = 98: a large network
tables_long <- do.call(rbind, lapply(seq_along(tables), function(k) {
  t <- tables[[k]]
  data.frame(table = k, row = as.vector(row(t)), column = as.vector(col(t)), count = as.vector(t))
}))
write_golden(tables_long, "tables.csv")
table_results <- do.call(rbind, lapply(seq_along(tables), function(k) {
  t <- tables[[k]]
  has_empty <- any(rowSums(t) == 0) || any(colSums(t) == 0)
  chi <- if (!has_empty) suppressWarnings(chisq.test(t)) else NULL
  chi_plain <- if (!has_empty) suppressWarnings(chisq.test(t, correct = FALSE)) else NULL
  fisher <- fisher.test(t, workspace = 2e7)
  data.frame(table = k, chisq = if (is.null(chi)) NA else chi$statistic,
             chisq_df = if (is.null(chi)) NA else chi$parameter, chisq_p = if (is.null(chi)) NA else chi$p.value,
             chisq_method = if (is.null(chi)) "" else chi$method,
             chisq_uncorrected = if (is.null(chi)) NA else chi_plain$statistic,
             chisq_uncorrected_p = if (is.null(chi)) NA else chi_plain$p.value, fisher_p = fisher$p.value)
}))
write_golden(table_results, "table_results.csv")

# ---- Table 1 rule, as radstudy documents it ----
# Continuous: numeric with more than 5 distinct values (over the whole column) and not forced categorical.
# Normal when every group has >= 3 values, not all equal, and Shapiro-Wilk p >= alpha.
table1_expected <- function(data, group, variables, alpha = 0.05, categorical = character()) {
  keep <- !is.na(data[[group]])
  g <- factor(data[[group]][keep])
  do.call(rbind, lapply(variables, function(v) {
    column <- data[[v]]
    x <- column[keep]
    continuous <- is.numeric(column) && length(unique(column[!is.na(column)])) > 5 && !(v %in% categorical)
    ok <- !is.na(x)
    if (continuous) {
      groups <- split(x[ok], droplevels(g[ok]))
      normal <- all(sapply(split(x[ok], g[ok]), function(s)
        length(s) >= 3 && length(unique(s)) > 1 && shapiro.test(s)$p.value >= alpha))
      gg <- droplevels(g[ok])
      if (nlevels(gg) == 2) {
        test <- if (normal) t.test(x[ok] ~ gg) else suppressWarnings(wilcox.test(x[ok] ~ gg))
      } else {
        test <- if (normal) oneway.test(x[ok] ~ gg) else kruskal.test(x[ok] ~ gg)
      }
      return(data.frame(variable = v, test = test$method, statistic = unname(test$statistic), p = test$p.value))
    }
    tab <- table(factor(x[ok]), g[ok])
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    if (nrow(tab) < 2 || ncol(tab) < 2) return(data.frame(variable = v, test = "none", statistic = NA, p = NA))
    expected <- outer(rowSums(tab), colSums(tab)) / sum(tab)
    if (any(expected < 5)) {
      test <- fisher.test(tab, workspace = 2e7)
      return(data.frame(variable = v, test = test$method, statistic = NA, p = test$p.value))
    }
    test <- chisq.test(tab)
    data.frame(variable = v, test = test$method, statistic = unname(test$statistic), p = test$p.value)
  }))
}

sts <- read.csv("../shared/data/sts/clinical.csv", stringsAsFactors = FALSE, na.strings = c("", "NA"))
sts_variables <- setdiff(names(sts), c("id", "lung_mets"))
write_golden(table1_expected(sts, "lung_mets", sts_variables), "sts_table1_expected.csv")

# The individual STS tests of the brief (grouped by lung_mets).
sts_tests <- with(sts, {
  g <- factor(lung_mets)
  rows <- list()
  add <- function(name, test) rows[[length(rows) + 1]] <<- data.frame(
    name = name, statistic = if (is.null(test$statistic)) NA else unname(test$statistic)[1], p = test$p.value)
  add("age_welch", t.test(age ~ g))
  add("age_student", t.test(age ~ g, var.equal = TRUE))
  add("age_wilcox", suppressWarnings(wilcox.test(age ~ g)))
  add("age_shapiro_0", shapiro.test(age[g == "0"]))
  add("age_shapiro_1", shapiro.test(age[g == "1"]))
  add("os_days_wilcox", suppressWarnings(wilcox.test(os_days ~ g)))
  for (v in c("sex", "grade", "histology", "site", "treatment")) {
    tab <- table(sts[[v]], g)
    add(paste0(v, "_fisher"), fisher.test(tab, workspace = 2e7))
    add(paste0(v, "_chisq"), suppressWarnings(chisq.test(tab)))
  }
  do.call(rbind, rows)
})
write_golden(sts_tests, "sts_tests.csv")

# A synthetic clinical table: 3 arms (two cases without an arm), a responder split, missing values,
# ties, small categories, and bilirubin/albumin for ALBI.
n <- 64
arm <- sample(c("A", "B", "C"), n, TRUE, prob = c(0.4, 0.35, 0.25))
clinical <- data.frame(
  id = sprintf("P%03d", 1:n), arm = arm,
  responder = sample(c("yes", "no"), n, TRUE, prob = c(0.35, 0.65)),
  age = round(rnorm(n, 62, 9), 1),
  bilirubin = round(rlnorm(n, log(14), 0.5), 1),
  albumin = round(rnorm(n, 38, 5), 1),
  psa = round(rexp(n, 0.2)),
  ecog = sample(0:2, n, TRUE, prob = c(0.5, 0.35, 0.15)),
  stage = sample(c("I", "II", "III", "IV"), n, TRUE, prob = c(0.1, 0.2, 0.3, 0.4)),
  sex = sample(c("F", "M"), n, TRUE),
  ldh = round(rnorm(n, 220, 40) + ifelse(arm == "C", 30, 0)),
  stringsAsFactors = FALSE)
clinical$arm[c(5, 17)] <- NA
clinical$age[c(3, 9, 30)] <- NA
clinical$bilirubin[c(11, 40)] <- NA
clinical$stage[c(2, 8)] <- NA
clinical$ldh[clinical$arm %in% "B"][1:3] <- NA
write.csv(clinical, file.path(out_dir, "synthetic_clinical.csv"), row.names = FALSE, na = "")
clinical$ALBI <- 0.66 * log10(clinical$bilirubin) - 0.085 * clinical$albumin
clinical[["ALBI grade"]] <- ifelse(clinical$ALBI <= -2.60, 1, ifelse(clinical$ALBI <= -1.39, 2, 3))
synthetic_variables <- c("responder", "age", "bilirubin", "albumin", "psa", "ecog", "stage", "sex", "ldh", "ALBI",
                         "ALBI grade")
write_golden(table1_expected(clinical, "arm", synthetic_variables, categorical = "ALBI grade"),
             "synthetic_arm_table1_expected.csv")
write_golden(table1_expected(clinical, "responder", c("arm", setdiff(synthetic_variables, "responder")),
                             categorical = "ALBI grade"),
             "synthetic_responder_table1_expected.csv")
