// Renders a probe run: text (one line per case and a summary), JSON, SARIF 2.1.0.
#pragma once

#include <string>

#include "probe/runner.h"

namespace rampart::probe {

std::string report_text(const RunResult& r);
std::string report_json(const RunResult& r);
std::string report_sarif(const RunResult& r);
// "N resisted, N escaped, N broken, N skipped"
std::string summary_line(const RunResult& r);

}  // namespace rampart::probe
