# Times catR's nextItem per selection criterion on the states that bench/catr-selection.bench.mjs exports.
# Usage: Rscript catr-selection.R DIR LIMIT_SECONDS
# DIR holds cases.csv (size,given,theta), bank-SIZE.csv (a,b) and state-SIZE-GIVEN.csv (item 1-based,response).
# Writes DIR/catr.csv: size,given,criterion,pick (0-based, NA if skipped),samples,median_ms,estimated_ms.
# A step whose time, extrapolated linearly in the bank size from the last measured size, exceeds the limit is
# skipped and only its extrapolation is written (catR's cost per step grows with the number of unused items).
suppressMessages(library(catR))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
limit_ms <- 1000 * as.numeric(args[2])
crits <- c("MFI", "bOpt", "thOpt", "MLWI", "MPWI", "MEI", "MEPV", "KL", "KLP")
cases <- read.csv(file.path(dir, "cases.csv"))
last <- list()  # per criterion and given: the last measured size and median ms
rows <- c("size,given,criterion,pick,samples,median_ms,estimated_ms")
for (k in seq_len(nrow(cases))) {
  size <- cases$size[k]; given <- cases$given[k]; theta <- cases$theta[k]
  par <- read.csv(file.path(dir, sprintf("bank-%d.csv", size)))
  bank <- cbind(par$a, par$b, 0, 1)  # 2PL: c = 0, d = 1, D = 1
  state <- read.csv(file.path(dir, sprintf("state-%d-%d.csv", size, given)))
  for (cr in crits) {
    key <- paste(cr, given)
    if (!is.null(last[[key]])) {
      guess <- last[[key]]$ms * size / last[[key]]$size
      if (guess > limit_ms) {
        rows <- c(rows, sprintf("%d,%d,%s,NA,0,NA,%.6g", size, given, cr, guess))
        next
      }
    }
    step <- function() nextItem(bank, theta = theta, out = state$item, x = state$response, criterion = cr, method = "BM")$item
    started <- proc.time()[["elapsed"]]
    pick <- step()
    first <- 1000 * (proc.time()[["elapsed"]] - started)
    # few calls, catR being slow: the first alone when it took over a second, else three batches of calls
    # long enough (~100 ms) for the clock's resolution
    times <- first
    if (first < 1000) {
      batch <- max(1, ceiling(100 / max(first, 0.5)))
      times <- sapply(1:3, function(r) {
        started <- proc.time()[["elapsed"]]
        for (i in 1:batch) step()
        1000 * (proc.time()[["elapsed"]] - started) / batch
      })
    }
    ms <- median(times)
    last[[key]] <- list(size = size, ms = ms)
    rows <- c(rows, sprintf("%d,%d,%s,%d,%d,%.6g,NA", size, given, cr, pick - 1, length(times), ms))
    cat(sprintf("catR %s: %d items, %d given: %.1f ms\n", cr, size, given, ms))
  }
}
writeLines(rows, file.path(dir, "catr.csv"))
