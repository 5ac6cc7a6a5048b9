# Golden values for radstudy's Kaplan-Meier and log-rank (tests/stats/survival_curves_test.cpp and
# tests/cli/survival_command_test.cpp). Run from the repository root:
#   Rscript tests/golden/survival/make_golden.R
# Inputs: ../shared/data/sts/clinical.csv and synthetic tables written here (seeded).
suppressPackageStartupMessages(library(survival))
out <- "tests/golden/survival"
fmt <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))

set.seed(20261126)
synthetic <- list()
# Heavy ties on a coarse grid, three groups of unequal size, 40% censoring.
n <- 90
synthetic$ties <- data.frame(id = sprintf("T%03d", 1:n), time = round(rexp(n, 1 / 20) / 5) * 5,
                             event = rbinom(n, 1, 0.6), group = sample(c("a", "b", "c"), n, TRUE, c(0.5, 0.3, 0.2)))
# Small groups, the last time an event (survival reaches 0), a plateau at exactly 0.5.
synthetic$small <- data.frame(id = sprintf("S%02d", 1:12),
                              time = c(1, 2, 3, 4, 4, 6, 2, 3, 5, 8, 9, 9),
                              event = c(1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1),
                              group = c(rep("x", 6), rep("y", 6)))
# Many cases, continuous times, 4 groups, one group without events, a zero time.
n <- 300
synthetic$large <- data.frame(id = sprintf("L%03d", 1:n), time = c(0, signif(rweibull(n - 1, 1.3, 100), 6)),
                              event = rbinom(n, 1, 0.7), group = sample(c("g1", "g2", "g3", "g4"), n, TRUE))
synthetic$large$event[synthetic$large$group == "g4"] <- 0
synthetic$large$group[synthetic$large$group == "g4" & seq_len(n) %% 2 == 0] <- "g3"
# Survival exactly 0.5 on a flat stretch: to the end ("end": median halfway to the last time) and
# between two events ("mid": median halfway between them).
synthetic$plateau <- data.frame(id = sprintf("P%02d", 1:10), time = c(1, 2, 3, 4, 1, 2, 3, 4, 5, 6),
                                event = c(1, 1, 0, 0, 1, 1, 1, 0, 1, 0), group = c(rep("end", 4), rep("mid", 6)))
for (name in names(synthetic))
  write.csv(synthetic[[name]], file.path(out, paste0("synthetic_", name, ".csv")), row.names = FALSE, quote = FALSE)

sts <- read.csv("../shared/data/sts/clinical.csv", stringsAsFactors = FALSE)
datasets <- list(
  list(name = "sts", data = sts, time = "os_days", event = "death", groups = c("lung_mets", "sex", "grade", "histology")),
  list(name = "ties", data = synthetic$ties, time = "time", event = "event", groups = "group"),
  list(name = "small", data = synthetic$small, time = "time", event = "event", groups = "group"),
  list(name = "large", data = synthetic$large, time = "time", event = "event", groups = "group"),
  list(name = "plateau", data = synthetic$plateau, time = "time", event = "event", groups = "group"))

km_rows <- list(); median_rows <- list(); logrank_rows <- list()
for (set in datasets) {
  for (variable in set$groups) {
    d <- set$data[!is.na(set$data[[variable]]) & set$data[[variable]] != "", ]
    group <- factor(d[[variable]])
    surv <- Surv(d[[set$time]], d[[set$event]])
    for (level in levels(group)) {
      fit <- survfit(surv[group == level] ~ 1)
      s <- summary(fit, censored = TRUE)
      km_rows[[length(km_rows) + 1]] <- data.frame(dataset = set$name, variable = variable, group = level,
        time = fmt(fit$time), n_risk = fit$n.risk, n_event = fit$n.event, n_censor = fit$n.censor,
        survival = fmt(fit$surv), std_err = fmt(s$std.err), lower = fmt(fit$lower), upper = fmt(fit$upper))
      q <- quantile(fit, 0.5)
      median_rows[[length(median_rows) + 1]] <- data.frame(dataset = set$name, variable = variable, group = level,
        n = fit$n, events = sum(fit$n.event), median = fmt(unname(q$quantile)), median_lower = fmt(unname(q$lower)),
        median_upper = fmt(unname(q$upper)))
    }
    if (nlevels(group) > 1) {
      test <- survdiff(surv ~ group)
      df <- sum(test$exp > 0) - 1
      logrank_rows[[length(logrank_rows) + 1]] <- data.frame(dataset = set$name, variable = variable,
        chisq = fmt(test$chisq), df = df, p = fmt(pchisq(test$chisq, df, lower.tail = FALSE)))
    }
  }
}
write.csv(do.call(rbind, km_rows), file.path(out, "km.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, median_rows), file.path(out, "km_summary.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, logrank_rows), file.path(out, "logrank.csv"), row.names = FALSE, quote = FALSE)

# What `radstudy survival --data clinical.csv --id id --time os_days --event death --group lung_mets
#   --cox age,sex,grade,lung_mets,histology --standardize --entry-p 0.1` must give
# (tests/cli/survival_command_test.cpp): univariate Cox models (Efron), the multivariate model of
# those with a global Wald p < 0.1, Harrell's c-index of each.
cox_variables <- c("age", "sex", "grade", "lung_mets", "histology")
d <- sts
d$grade[d$grade == ""] <- NA
d$age <- (d$age - mean(d$age)) / sd(d$age)  # --standardize: continuous variables only (lung_mets is 0/1)
for (v in c("sex", "grade", "histology")) d[[v]] <- factor(d[[v]])
cox_rows <- list(); concordance_rows <- list(); entered <- character(0)
cox_table <- function(model, fit, variables) {
  warn <- NULL
  s <- summary(fit)$coefficients
  rows <- list()
  for (v in variables) {
    terms <- grep(paste0("^", v), rownames(s), value = TRUE)
    b <- coef(fit)[terms]
    p_variable <- pchisq(as.numeric(t(b) %*% solve(vcov(fit)[terms, terms, drop = FALSE]) %*% b), length(terms),
                         lower.tail = FALSE)
    for (term in terms)
      rows[[length(rows) + 1]] <- data.frame(model = model, variable = v, term = term, coef = fmt(s[term, "coef"]),
        se = fmt(s[term, "se(coef)"]), z = fmt(s[term, "z"]), p = fmt(s[term, "Pr(>|z|)"]),
        p_variable = fmt(p_variable), n = fit$n, events = fit$nevent)
  }
  do.call(rbind, rows)
}
infinite_terms <- list()
for (v in cox_variables) {
  dv <- d[!is.na(d[[v]]), ]
  warned <- FALSE
  fit <- withCallingHandlers(coxph(as.formula(paste("Surv(os_days, death) ~", v)), data = dv, ties = "efron"),
                             warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
  if (warned) { infinite_terms[[v]] <- TRUE; next }  # monotone likelihood: radstudy reports it as not estimable
  table <- cox_table(v, fit, v)
  cox_rows[[length(cox_rows) + 1]] <- table
  cc <- concordance(fit)
  concordance_rows[[length(concordance_rows) + 1]] <- data.frame(model = v, c_index = fmt(cc$concordance),
                                                                  se = fmt(sqrt(cc$var)))
  if (as.numeric(table$p_variable[1]) < 0.1) entered <- c(entered, v)
}
write.csv(do.call(rbind, cox_rows), file.path(out, "sts_cox_univariate.csv"), row.names = FALSE, quote = FALSE)
writeLines(paste(names(infinite_terms), collapse = ","), file.path(out, "sts_cox_not_estimable.txt"))
dm <- d[complete.cases(d[, entered]), ]
fit <- coxph(as.formula(paste("Surv(os_days, death) ~", paste(entered, collapse = " + "))), data = dm, ties = "efron")
write.csv(cox_table("multivariate", fit, entered), file.path(out, "sts_cox_multivariate.csv"), row.names = FALSE,
          quote = FALSE)
cc <- concordance(fit)
concordance_rows[[length(concordance_rows) + 1]] <- data.frame(model = "multivariate", c_index = fmt(cc$concordance),
                                                                se = fmt(sqrt(cc$var)))
write.csv(do.call(rbind, concordance_rows), file.path(out, "sts_concordance.csv"), row.names = FALSE, quote = FALSE)
