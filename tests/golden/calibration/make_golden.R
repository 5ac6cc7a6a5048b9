# Goldens of stats::calibrate and stats::calibration_groups (tests/stats/calibration_test.cpp).
# Rscript tests/golden/calibration/make_golden.R  (from the repository root)
source("tests/golden/golden_helpers.R")
out_dir <- "tests/golden/calibration"
set.seed(20261204)

# Four data sets: well calibrated, too extreme (overfitted), too low, and with 0/1 probabilities (clipped).
make <- function(n, truth, shown) {
  lp <- rnorm(n, -0.3, 1.2)
  y <- rbinom(n, 1, plogis(truth(lp)))
  data.frame(probability = plogis(shown(lp)), outcome = y)
}
sets <- list(
  calibrated = make(120, function(lp) lp, function(lp) lp),
  extreme = make(80, function(lp) lp, function(lp) 2.5 * lp),
  low = make(60, function(lp) lp + 1, function(lp) lp),
  clipped = {
    d <- make(50, function(lp) lp, function(lp) lp)
    d$probability[1:4] <- c(0, 1, 0, 1)
    d
  }
)

clip <- 1e-8
summary_rows <- list()
group_rows <- list()
for (name in names(sets)) {
  d <- sets[[name]]
  write_golden(d, paste0(name, "_data.csv"), out_dir)
  p <- pmin(pmax(d$probability, clip), 1 - clip)
  lp <- qlogis(p)
  # glm's deviance criterion leaves the coefficients ~1e-7 from the optimum; a second fit started there
  # takes one more IRLS (Newton) step, which squares that error.
  control <- glm.control(epsilon = 1e-14, maxit = 100)
  large <- glm(d$outcome ~ 1, offset = lp, family = binomial, control = control)
  large <- glm(d$outcome ~ 1, offset = lp, family = binomial, control = control, start = coef(large))
  spread <- glm(d$outcome ~ lp, family = binomial, control = control)
  # The intercept-only fit with an offset stops ~1e-9 from the root of its score equation when a few
  # |lp| are 18 (clipped 0/1): the root itself, bracketed around glm's estimate.
  score <- function(a) sum(d$outcome - plogis(a + lp))
  intercept <- uniroot(score, coef(large)[1] + c(-0.1, 0.1), tol = 1e-16)$root
  spread <- glm(d$outcome ~ lp, family = binomial, control = control, start = coef(spread))
  summary_rows[[name]] <- data.frame(set = name, cases = nrow(d), brier = mean((d$probability - d$outcome)^2),
                                     intercept = intercept, slope = unname(coef(spread)[2]),
                                     clipped = sum(p != d$probability))
  # Groups: sorted by p (stable), sizes n %/% g (+1 for the first n %% g groups); Wilson interval.
  g <- 5
  o <- order(d$probability)
  sizes <- rep(nrow(d) %/% g, g) + c(rep(1, nrow(d) %% g), rep(0, g - nrow(d) %% g))
  ends <- cumsum(sizes)
  starts <- ends - sizes + 1
  for (k in 1:g) {
    rows <- o[starts[k]:ends[k]]
    events <- sum(d$outcome[rows])
    ci <- prop.test(events, length(rows), correct = FALSE)$conf.int
    group_rows[[length(group_rows) + 1]] <- data.frame(set = name, group = k, cases = length(rows),
                                                       predicted = mean(d$probability[rows]),
                                                       observed = events / length(rows), lower = ci[1], upper = ci[2])
  }
}
write_golden(do.call(rbind, summary_rows), "summary.csv", out_dir)
write_golden(do.call(rbind, group_rows), "groups.csv", out_dir)
