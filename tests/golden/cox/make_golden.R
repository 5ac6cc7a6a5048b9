# Golden values for tests/stats/cox_model_test.cpp and tests/stats/concordance_test.cpp.
# Run from the repository root:  Rscript tests/golden/cox/make_golden.R
# Reference: survival::coxph(ties = "efron") with its defaults (coxph.control(), nocenter = c(-1, 0, 1),
# timefix = TRUE), summary.coxph, predict(type = "lp"), survival::concordance.
# Writes into tests/golden/cox/:
#   cox_fits.csv              fit,data,iter_max: one row per Cox fit
#   cox_<fit>.csv             time,event,<covariate columns as coxph's model matrix> (complete cases)
#   cox_expected.csv          fit,quantity,index,value
#   concordance_cases.csv     case,data: one row per score concordance
#   concordance_<case>.csv    time,event,risk
#   concordance_expected.csv  case,quantity,value
suppressPackageStartupMessages(library(survival))
set.seed(20240607)
out_dir <- "tests/golden/cox"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

num <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
write_table <- function(df, file) {
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- num(df[[col]])
  write.csv(df, file.path(out_dir, file), row.names = FALSE, quote = FALSE)
}

expected <- list()
add <- function(fit, quantity, index, value) {
  expected[[length(expected) + 1]] <<- data.frame(fit = fit, quantity = quantity, index = as.character(index),
                                                  value = num(value), stringsAsFactors = FALSE)
}
fits <- list()

# Fits `formula` on `data` (rows with a missing value dropped, as coxph's na.action does) and
# records the model matrix and every result the C++ tests compare. `joint` lists sets of term
# positions (1-based) whose joint Wald chi-square is recorded.
golden_fit <- function(name, formula, data, iter_max = 20, joint = list()) {
  infinite <- integer(0)
  ran_out <- FALSE
  fit <- withCallingHandlers(
    coxph(formula, data = data, ties = "efron", control = coxph.control(iter.max = iter_max),
          model = TRUE, x = TRUE),
    warning = function(w) {
      msg <- conditionMessage(w)
      if (grepl("Loglik converged before variable", msg)) {
        infinite <<- as.integer(strsplit(sub(" *;.*$", "", sub("^.*variable *", "", msg)), ",")[[1]])
      } else if (grepl("Ran out of iterations", msg)) {
        ran_out <<- TRUE
      }
      invokeRestart("muffleWarning")
    })
  x <- fit$x
  y <- fit$model[[1]]  # the times as given (fit$y holds them after timefix)
  columns <- data.frame(time = y[, 1], event = y[, 2])
  columns <- cbind(columns, as.data.frame(x))
  names(columns) <- make.names(names(columns))
  write_table(columns, paste0("cox_", name, ".csv"))
  fits[[length(fits) + 1]] <<- data.frame(fit = name, data = paste0("cox_", name, ".csv"), iter_max = iter_max)

  s <- summary(fit)
  coefs <- s$coefficients
  for (k in seq_len(nrow(coefs))) {
    add(name, "coef", k, coefs[k, "coef"])
    add(name, "se", k, coefs[k, "se(coef)"])
    add(name, "z", k, coefs[k, "z"])
    add(name, "p", k, coefs[k, "Pr(>|z|)"])
    for (j in seq_len(nrow(coefs))) add(name, "vcov", paste(k, j), vcov(fit)[k, j])
  }
  add(name, "loglik_null", 0, fit$loglik[1])
  add(name, "loglik", 0, fit$loglik[2])
  add(name, "iterations", 0, fit$iter)
  add(name, "converged", 0, as.numeric(!ran_out))
  add(name, "n_infinite", 0, length(infinite))
  for (k in infinite) add(name, "infinite", k, 1)
  # summary.coxph rounds the Wald and score statistics it prints: take them from the fit.
  lr <- 2 * (fit$loglik[2] - fit$loglik[1])
  add(name, "lr_test", 0, lr)
  add(name, "lr_p", 0, pchisq(lr, length(coef(fit)), lower.tail = FALSE))
  add(name, "wald_test", 0, fit$wald.test)
  add(name, "score_test", 0, fit$score)
  add(name, "df", 0, s$logtest["df"])
  lp <- predict(fit, type = "lp")
  for (i in seq_along(lp)) add(name, "lp", i, lp[i])
  cc <- concordance(fit)
  add(name, "concordance", 0, cc$concordance)
  add(name, "concordance_se", 0, sqrt(cc$var))
  for (count in c("concordant", "discordant", "tied.x", "tied.y", "tied.xy"))
    add(name, count, 0, cc$count[[count]])
  b <- coef(fit)
  v <- vcov(fit)
  for (terms in joint) {
    add(name, "wald_joint", paste(terms, collapse = " "),
        drop(t(b[terms]) %*% solve(v[terms, terms, drop = FALSE], b[terms])))
  }
}

# ---- the STS cohort ----------------------------------------------------------------------------
sts <- read.csv("../shared/data/sts/clinical.csv", na.strings = c("", "NA"), stringsAsFactors = FALSE)
golden_fit("sts_age", Surv(os_days, death) ~ age, sts)
golden_fit("sts_sex", Surv(os_days, death) ~ sex, sts)
golden_fit("sts_grade", Surv(os_days, death) ~ grade, sts, joint = list(1:2))
golden_fit("sts_lung_mets", Surv(os_days, death) ~ lung_mets, sts)
golden_fit("sts_histology", Surv(os_days, death) ~ histology, sts, joint = list(1:6, c(2, 4)))
golden_fit("sts_multivariate", Surv(os_days, death) ~ age + sex + grade + lung_mets, sts,
           joint = list(3:4, c(1, 5)))

# ---- synthetic tables --------------------------------------------------------------------------
# Exponential survival with hazard exp(x'beta), independent exponential censoring, times on a grid.
simulate <- function(n, x, beta, censor_rate, grid = 0) {
  t <- rexp(n, exp(drop(x %*% beta)))
  c <- rexp(n, censor_rate)
  time <- pmin(t, c)
  if (grid > 0) time <- pmax(grid, ceiling(time / grid) * grid)
  data.frame(time = time, event = as.integer(t <= c), x)
}

n <- 15
x <- cbind(a = rnorm(n), b = runif(n, 0, 3))
golden_fit("small_n15", Surv(time, event) ~ a + b, simulate(n, x, c(0.8, -0.5), 0.3))

n <- 100
x <- cbind(a = rnorm(n), flag = rbinom(n, 1, 0.4), c = rgamma(n, 2, 1))
d <- simulate(n, x, c(0.5, 0.7, -0.3), 0.2, grid = 0.5)
golden_fit("ties_n100", Surv(time, event) ~ a + flag + c, d, joint = list(2:3))

n <- 300
x <- cbind(x1 = rnorm(n), x2 = rnorm(n, 50, 10), x3 = rbinom(n, 1, 0.5), x4 = rexp(n), x5 = rnorm(n))
d <- simulate(n, x, c(0.3, 0.02, -0.4, 0.2, 0), 2.5)
golden_fit("heavy_censoring_n300", Surv(time, event) ~ x1 + x2 + x3 + x4 + x5, d, joint = list(1:5, c(2, 4)))

n <- 80
f <- factor(sample(c("alpha", "beta", "gamma"), n, replace = TRUE))
x <- cbind(model.matrix(~ f)[, -1], age = round(rnorm(n, 60, 12)))
d <- simulate(n, x, c(0.6, -0.4, 0.03), 0.1, grid = 1)
d$f <- f
golden_fit("factor3_ties_n80", Surv(time, event) ~ f + age, d, joint = list(1:2))

# Integer times: many events and censorings share a time.
n <- 200
x <- cbind(u = rnorm(n), v = rbinom(n, 1, 0.3), w = rpois(n, 3), s = rnorm(n, 0, 4))
d <- simulate(n, x, c(0.4, 0.9, -0.1, 0.05), 0.4, grid = 1)
golden_fit("integer_times_n200", Surv(time, event) ~ u + v + w + s, d, joint = list(c(1, 3), 2:4))

# Large magnitudes and a -1/0/1 column (coxph neither centres nor scales columns within -1, 0, 1).
n <- 120
x <- cbind(big = rnorm(n, 1e4, 2e3), side = sample(c(-1, 0, 1), n, replace = TRUE), tiny = rnorm(n, 0, 1e-3))
d <- simulate(n, x, c(2e-4, 0.5, 300), 0.3)
golden_fit("scales_n120", Surv(time, event) ~ big + side + tiny, d)

# Monotone likelihood: every event in group 1.
n <- 40
d <- data.frame(time = round(rexp(n, 0.2), 1) + 0.1, group = rep(0:1, each = n / 2), z = rnorm(n))
d$event <- as.integer(d$group == 1 & runif(n) < 0.7)
golden_fit("separated_n40", Surv(time, event) ~ group + z, d)
golden_fit("separated_single_n40", Surv(time, event) ~ group, d)

# Monotone likelihood on a continuous covariate: every event has the largest value among those at risk.
n <- 30
d <- data.frame(time = 1:n, event = rep(c(1, 0), length.out = n), w = rnorm(n))
d$z <- -d$time + 0.01 * rnorm(n)
golden_fit("separated_continuous_n30", Surv(time, event) ~ z + w, d)

# Stopped after 3 iterations (coxph.control(iter.max = 3)): not converged.
n <- 60
x <- cbind(a = rnorm(n), b = rnorm(n))
golden_fit("iter_max3_n60", Surv(time, event) ~ a + b, simulate(n, x, c(1.5, -1), 0.2), iter_max = 3)

# Times equal up to rounding (0.1 + 0.2 vs 0.3): coxph's timefix treats them as ties.
n <- 50
d <- data.frame(time = sample(c(0.3, 0.1 + 0.2, 0.7, 0.6 + 0.1, 1.1, 1.2), n, replace = TRUE),
                event = rbinom(n, 1, 0.7), a = rnorm(n), b = rbinom(n, 1, 0.5))
golden_fit("near_ties_n50", Surv(time, event) ~ a + b, d)

# No censoring; a 4-level factor with a continuous and a binary covariate.
n <- 150
g <- factor(sample(c("a", "b", "c", "d"), n, replace = TRUE, prob = c(0.4, 0.3, 0.2, 0.1)))
x <- cbind(model.matrix(~ g)[, -1], dose = runif(n, 0, 10), female = rbinom(n, 1, 0.5))
d <- simulate(n, x, c(0.2, 0.5, -0.6, 0.08, -0.3), 1e-9, grid = 0.25)
d$g <- g
golden_fit("factor4_no_censoring_n150", Surv(time, event) ~ g + dose + female, d, joint = list(1:3, c(2, 5)))

# A single event.
n <- 25
d <- data.frame(time = round(rexp(n), 2) + 0.01, event = as.integer(seq_len(n) == 9), a = rnorm(n))
d$time[9] <- median(d$time)
golden_fit("one_event_n25", Surv(time, event) ~ a, d)

fits_table <- do.call(rbind, fits)
write.csv(fits_table, file.path(out_dir, "cox_fits.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, expected), file.path(out_dir, "cox_expected.csv"), row.names = FALSE, quote = FALSE)

# ---- concordance of a score: concordance(Surv(time, event) ~ risk, reverse = TRUE) ------------
cases <- list()
conc_expected <- list()
golden_concordance <- function(name, time, event, risk) {
  write_table(data.frame(time = time, event = event, risk = risk), paste0("concordance_", name, ".csv"))
  cases[[length(cases) + 1]] <<- data.frame(case = name, data = paste0("concordance_", name, ".csv"))
  cc <- concordance(Surv(time, event) ~ risk, reverse = TRUE)
  values <- c(concordance = cc$concordance, concordance_se = sqrt(cc$var),
              concordant = cc$count[["concordant"]], discordant = cc$count[["discordant"]],
              tied.x = cc$count[["tied.x"]], tied.y = cc$count[["tied.y"]], tied.xy = cc$count[["tied.xy"]])
  conc_expected[[length(conc_expected) + 1]] <<- data.frame(case = name, quantity = names(values),
                                                            value = num(values))
}
golden_concordance("sts_age", sts$os_days, sts$death, sts$age)
golden_concordance("sts_lung_mets", sts$os_days, sts$death, sts$lung_mets)
n <- 15
golden_concordance("small_n15", round(rexp(n), 2), rbinom(n, 1, 0.6), rnorm(n))
n <- 250
t <- ceiling(rexp(n, 0.3))
golden_concordance("score_and_time_ties_n250", t, rbinom(n, 1, 0.5), sample(1:5, n, replace = TRUE) - 0.1 * (t > 5))
n <- 300
golden_concordance("heavy_censoring_n300", rexp(n), rbinom(n, 1, 0.1), round(rnorm(n), 1))
n <- 40
golden_concordance("one_event_n40", rexp(n), as.integer(seq_len(n) == 7), rnorm(n))
n <- 60
golden_concordance("near_ties_n60", sample(c(0.3, 0.1 + 0.2, 0.7, 0.6 + 0.1, 1.5), n, replace = TRUE),
                   rbinom(n, 1, 0.6), sample(c(-1, 0, 2.5), n, replace = TRUE))
write.csv(do.call(rbind, cases), file.path(out_dir, "concordance_cases.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, conc_expected), file.path(out_dir, "concordance_expected.csv"), row.names = FALSE,
          quote = FALSE)
cat("wrote", length(fits), "Cox fits and", length(cases), "concordance cases to", out_dir, "\n")
