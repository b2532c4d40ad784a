// yaml-cpp nodes -> JSON with Kubernetes's (YAML 1.1) scalar resolution, merge keys, duplicate-key
// refusal and expansion limits; every key's position recorded.
#include "manifest/yaml.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <sstream>

namespace rampart::manifest {

namespace {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

Mark mark_from(const YAML::Mark& m) {
  if (m.line < 0 || m.column < 0) return {};
  return {m.line + 1, m.column + 1};
}

bool simple_key(std::string_view k) {
  if (k.empty()) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

// YAML 1.1 booleans as go-yaml v2 resolves them.
std::optional<bool> yaml11_bool(std::string_view s) {
  static constexpr std::string_view kTrue[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static constexpr std::string_view kFalse[] = {"n",     "N",     "no",  "No", "NO", "false",
                                                "False", "FALSE", "off", "Off", "OFF"};
  for (auto t : kTrue)
    if (s == t) return true;
  for (auto f : kFalse)
    if (s == f) return false;
  return std::nullopt;
}

bool yaml_null(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

// An integer the way Go's strconv.ParseInt(s, 0, 64) reads it after go-yaml removed every '_':
// optional sign, then 0x/0o/0b prefixes, a leading 0 meaning octal, else decimal.
std::optional<Json> yaml11_int(std::string_view in) {
  std::string s;
  for (char c : in)
    if (c != '_') s += c;
  if (s.empty()) return std::nullopt;
  bool neg = false;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    i = 1;
  }
  if (i >= s.size()) return std::nullopt;
  int base = 10;
  if (s.size() - i > 1 && s[i] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 1])));
    if (p == 'x') base = 16, i += 2;
    else if (p == 'o') base = 8, i += 2;
    else if (p == 'b') base = 2, i += 2;
    else base = 8, i += 1;
  }
  if (i >= s.size()) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data() + i, s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  if (neg) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return Json(v == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(v));
  }
  if (v <= static_cast<uint64_t>(INT64_MAX)) return Json(static_cast<int64_t>(v));
  return Json(v);
}

std::optional<Json> yaml11_float(std::string_view in) {
  std::string s;
  for (char c : in)
    if (c != '_') s += c;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF" || s == "-.inf" ||
      s == "-.Inf" || s == "-.INF" || s == ".nan" || s == ".NaN" || s == ".NAN")
    return Json(s);  // JSON has no infinity or NaN; no Kubernetes field takes one
  // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0, frac = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac;
    if (digits == 0 && frac == 0) return std::nullopt;
  } else if (digits == 0) {
    return std::nullopt;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double d = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(d)) return Json(s);
  return Json(d);
}

// The offset of the first byte that is not part of well-formed UTF-8, or npos. Kubernetes reads
// only UTF-8 (its YAML reader refuses anything else), and a string that is not UTF-8 would make
// every later JSON rendering fail.
size_t invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return i;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    if (n == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;  // overlong, surrogates
    }
    if (n == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

struct Refusal {
  Mark mark;
  std::string what;
};

class Converter {
 public:
  Converter(Document& doc, const Limits& limits) : doc_(doc), limits_(limits) {}

  std::optional<Refusal> run(const YAML::Node& root) {
    doc_.value = convert(root, "", 0);
    return refusal_;
  }

 private:
  Document& doc_;
  const Limits& limits_;
  std::size_t nodes_ = 0;
  std::optional<Refusal> refusal_;

  Json refuse(const YAML::Node& n, std::string what) {
    if (!refusal_) refusal_ = Refusal{mark_from(n.Mark()), std::move(what)};
    return Json();
  }

  Json scalar(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    const std::string& tag = n.Tag();
    if (tag == "!") return Json(s);  // quoted: always a string
    if (tag == "?" || tag.empty()) {
      if (yaml_null(s)) return Json();
      if (auto b = yaml11_bool(s)) return Json(*b);
      char c = s[0];
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.') {
        if (auto i = yaml11_int(s)) return *i;
        if (auto f = yaml11_float(s)) return *f;
      }
      return Json(s);
    }
    std::string_view t = tag;
    if (t.starts_with(kTagPrefix)) t.remove_prefix(kTagPrefix.size());
    else if (t.starts_with("!!")) t.remove_prefix(2);
    if (t == "str" || t == "binary" || t == "timestamp") return Json(s);
    if (t == "null") return Json();
    if (t == "bool") {
      if (auto b = yaml11_bool(s)) return Json(*b);
      return refuse(n, "\"" + s + "\" is not a !!bool");
    }
    if (t == "int") {
      if (auto i = yaml11_int(s)) return *i;
      return refuse(n, "\"" + s + "\" is not an !!int");
    }
    if (t == "float") {
      if (auto i = yaml11_int(s)) return *i;
      if (auto f = yaml11_float(s)) return *f;
      return refuse(n, "\"" + s + "\" is not a !!float");
    }
    return refuse(n, "unsupported tag \"" + tag + "\"");
  }

  // Merge `src` (a mapping, from "<<") into `out`: keys already there win.
  void merge_into(Json& out, const YAML::Node& src, const std::string& path, int depth) {
    Json m = convert(src, path, depth + 1);
    if (refusal_) return;
    if (!m.is_object()) {
      refuse(src, "the value of a merge key (<<) must be a mapping or a sequence of mappings");
      return;
    }
    for (auto it = m.begin(); it != m.end(); ++it)
      if (!out.contains(it.key())) out[it.key()] = it.value();
  }

  Json convert(const YAML::Node& n, const std::string& path, int depth) {
    if (refusal_) return Json();
    if (++nodes_ > limits_.max_nodes)
      return refuse(n, "the document expands to more than " + std::to_string(limits_.max_nodes) +
                           " nodes (alias expansion; CVE-2019-11253 is this attack on the API server)");
    if (depth > limits_.max_depth)
      return refuse(n, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Json();
      case YAML::NodeType::Scalar:
        return scalar(n);
      case YAML::NodeType::Sequence: {
        Json a = Json::array();
        std::size_t i = 0;
        for (const auto& item : n) {
          std::string p = item_path(path, i++);
          doc_.marks.emplace(p, mark_from(item.Mark()));
          a.push_back(convert(item, p, depth + 1));
          if (refusal_) return Json();
        }
        return a;
      }
      case YAML::NodeType::Map: {
        Json o = Json::object();
        std::map<std::string, Mark> seen;
        std::vector<YAML::Node> merges;
        for (auto it = n.begin(); it != n.end(); ++it) {
          const YAML::Node k = it->first;  // copies: the iterator's pair is a temporary
          const YAML::Node v = it->second;
          if (!k.IsScalar() && !k.IsNull()) return refuse(k, "a mapping key must be a scalar");
          std::string key = k.IsNull() ? "" : k.Scalar();
          if (key == "<<" && (k.Tag() == "?" || k.Tag().empty())) {
            merges.push_back(v);
            continue;
          }
          Mark km = mark_from(k.Mark());
          if (auto prev = seen.find(key); prev != seen.end())
            return refuse(k, "duplicate key \"" + key + "\" (first at line " + std::to_string(prev->second.line) +
                                 "): Kubernetes readers disagree on which copy wins");
          seen.emplace(key, km);
          std::string p = child_path(path, key);
          doc_.marks.emplace(p, km);
          o[key] = convert(v, p, depth + 1);
          if (refusal_) return Json();
        }
        for (const auto& m : merges) {
          if (m.IsSequence()) {
            for (const auto& item : m) {
              merge_into(o, item, path, depth);
              if (refusal_) return Json();
            }
          } else {
            merge_into(o, m, path, depth);
          }
          if (refusal_) return Json();
        }
        return o;
      }
    }
    return Json();
  }
};

}  // namespace

std::string child_path(std::string_view parent, std::string_view key) {
  std::string k = simple_key(key) ? std::string(key)
                                  : "[" + Json(std::string(key)).dump(-1, ' ', false, Json::error_handler_t::replace) + "]";
  if (parent.empty()) return k;
  return std::string(parent) + (k.front() == '[' ? "" : ".") + k;
}

std::string item_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string where(std::string_view source, Mark m) {
  std::string s(source);
  if (m.line > 0) s += ":" + std::to_string(m.line) + ":" + std::to_string(m.column);
  return s;
}

// Where the last component of a path starts ("a.b[2]" -> 3, "a[\"x.y\"]" -> 1, "a" -> 0).
static size_t last_component(std::string_view p) {
  size_t i = 0, last = 0;
  while (i < p.size()) {
    last = i;
    if (p[i] == '.') ++i;
    if (i < p.size() && p[i] == '[') {
      if (i + 1 < p.size() && p[i + 1] == '"') {
        i += 2;
        while (i < p.size() && p[i] != '"') i += p[i] == '\\' ? 2 : 1;
        i += 2;  // closing quote and bracket
      } else {
        while (i < p.size() && p[i] != ']') ++i;
        ++i;
      }
    } else {
      while (i < p.size() && p[i] != '.' && p[i] != '[') ++i;
    }
  }
  return last;
}

Mark Document::mark_of(std::string_view path) const {
  std::string_view p = path;
  while (!p.empty()) {
    if (auto it = marks.find(std::string(p)); it != marks.end()) return it->second;
    p = p.substr(0, last_component(p));
  }
  return start;
}

namespace {
// Events of a parse, ignored: only the number of documents matters (read_yaml).
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};
}  // namespace

Result<std::vector<Document>> read_yaml(std::string_view text, std::string_view source, const Limits& limits) {
  if (size_t bad = invalid_utf8(text); bad != std::string_view::npos) {
    Mark m{1, 1};
    for (size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') m.line++, m.column = 1;
      else m.column++;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(text[bad]));
    return fail(where(source, m), std::string("not UTF-8 (byte ") + hex + "): Kubernetes reads only UTF-8");
  }
  std::vector<YAML::Node> roots;
  try {
    // yaml-cpp 0.7's LoadAll never ends on some malformed streams (`"a",` then an unterminated
    // quoted scalar): each further document it reports consumes no input and is kept, until
    // memory runs out (found by fuzz/policy and fuzz/manifest). The documents are counted first
    // by a loop of our own, bounded by max_documents.
    {
      std::istringstream in{std::string(text)};
      YAML::Parser parser(in);
      DocumentCounter counter;
      size_t n = 0;
      while (parser.HandleNextDocument(counter))
        if (++n > limits.max_documents)
          return fail(std::string(source), "more than " + std::to_string(limits.max_documents) + " documents");
    }
    roots = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return fail(where(source, mark_from(e.mark)), "malformed YAML: " + e.msg);
  } catch (const std::exception& e) {
    return fail(std::string(source), std::string("malformed YAML: ") + e.what());
  }
  if (roots.size() > limits.max_documents)
    return fail(std::string(source), "more than " + std::to_string(limits.max_documents) + " documents");
  std::vector<Document> docs;
  docs.reserve(roots.size());
  for (size_t i = 0; i < roots.size(); ++i) {
    Document d;
    d.index = static_cast<int>(i);
    d.start = mark_from(roots[i].Mark());
    try {
      Converter conv(d, limits);
      if (auto r = conv.run(roots[i])) return fail(where(source, r->mark), r->what);
    } catch (const YAML::Exception& e) {
      return fail(where(source, mark_from(e.mark)), "malformed YAML: " + e.msg);
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace rampart::manifest
