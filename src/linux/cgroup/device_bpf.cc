#include "linux/cgroup/device_bpf.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

namespace rampart::cgroup {
namespace {

// Instruction encoders for the few shapes the program uses.
bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}
bpf_insn load_word(uint8_t dst, uint8_t src, int16_t off) { return insn(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0); }
bpf_insn alu32_imm(uint8_t op, uint8_t dst, int32_t imm) { return insn(BPF_ALU | op | BPF_K, dst, 0, 0, imm); }
bpf_insn mov32_reg(uint8_t dst, uint8_t src) { return insn(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0); }
bpf_insn jump_imm(uint8_t op, uint8_t dst, int32_t imm) { return insn(BPF_JMP | op | BPF_K, dst, 0, 0, imm); }
bpf_insn jump_reg(uint8_t op, uint8_t dst, uint8_t src) { return insn(BPF_JMP | op | BPF_X, dst, src, 0, 0); }
bpf_insn exit_insn() { return insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

long bpf(int cmd, bpf_attr& attr) { return ::syscall(SYS_bpf, cmd, &attr, sizeof attr); }

// Registers: r2 device type, r3 requested access, r4 major, r5 minor; r1 scratch once read.
constexpr uint8_t kType = 2, kAccess = 3, kMajor = 4, kMinor = 5, kScratch = 1;

}  // namespace

std::vector<bpf_insn> device_program(const DeviceState& state) {
  std::vector<bpf_insn> p = {
      load_word(kType, 1, 0), alu32_imm(BPF_AND, kType, 0xffff),  // access_type & 0xffff
      load_word(kAccess, 1, 0), alu32_imm(BPF_RSH, kAccess, 16),  // access_type >> 16
      load_word(kMajor, 1, 4), load_word(kMinor, 1, 8),
  };
  const int32_t action = state.default_allow ? 0 : 1;  // what an exception does
  for (const auto& [key, bits] : state.exceptions) {
    // Each block falls through to its verdict or jumps to the next block; the jump offsets are
    // filled in once the block's length is known.
    std::vector<bpf_insn> block;
    block.push_back(jump_imm(BPF_JNE, kType, key.type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR));
    if (bits != kAllAccess) {
      block.push_back(mov32_reg(kScratch, kAccess));
      block.push_back(alu32_imm(BPF_AND, kScratch, static_cast<int32_t>(bits)));
      if (state.default_allow)
        block.push_back(jump_imm(BPF_JEQ, kScratch, 0));  // no requested bit is denied here
      else
        block.push_back(jump_reg(BPF_JNE, kScratch, kAccess));  // some requested bit not allowed here
    }
    if (key.major >= 0) block.push_back(jump_imm(BPF_JNE, kMajor, static_cast<int32_t>(key.major)));
    if (key.minor >= 0) block.push_back(jump_imm(BPF_JNE, kMinor, static_cast<int32_t>(key.minor)));
    block.push_back(alu32_imm(BPF_MOV, 0, action));
    block.push_back(exit_insn());
    for (size_t i = 0; i < block.size(); ++i)
      if (BPF_CLASS(block[i].code) == BPF_JMP && BPF_OP(block[i].code) != BPF_EXIT)
        block[i].off = static_cast<int16_t>(block.size() - i - 1);
    p.insert(p.end(), block.begin(), block.end());
  }
  p.push_back(alu32_imm(BPF_MOV, 0, state.default_allow ? 1 : 0));
  p.push_back(exit_insn());
  return p;
}

Result<UniqueFd> load_device_program(const std::vector<bpf_insn>& program, const std::string& cgroup_dir) {
  static const char license[] = "Apache-2.0";
  auto load = [&](char* log, uint32_t log_size) {
    bpf_attr attr{};
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insns = reinterpret_cast<uint64_t>(program.data());
    attr.insn_cnt = static_cast<uint32_t>(program.size());
    attr.license = reinterpret_cast<uint64_t>(license);
    attr.log_buf = reinterpret_cast<uint64_t>(log);
    attr.log_size = log_size;
    attr.log_level = log ? 1 : 0;
    std::strncpy(attr.prog_name, "rampart_dev", sizeof attr.prog_name - 1);
    return UniqueFd(static_cast<int>(bpf(BPF_PROG_LOAD, attr)));
  };
  UniqueFd fd = load(nullptr, 0);
  if (fd) return fd;
  auto e = sys_error("load device program", cgroup_dir);
  if (errno == EINVAL || errno == EACCES) {
    // Once more with the verifier's log, for the error message (a log that does not fit makes
    // the load fail with ENOSPC, so this is only done for the message).
    std::vector<char> log(1 << 20);
    if (!load(log.data(), static_cast<uint32_t>(log.size())) && log[0]) {
      std::string text(log.data());
      if (text.size() > 400) text = "..." + text.substr(text.size() - 400);
      e.error().detail = "verifier: " + text;
    }
  }
  return e;
}

Result<std::vector<UniqueFd>> attached_device_programs(int cgroup_fd, const std::string& cgroup_dir) {
  std::vector<uint32_t> ids(64);
  bpf_attr attr{};
  attr.query.target_fd = static_cast<uint32_t>(cgroup_fd);
  attr.query.attach_type = BPF_CGROUP_DEVICE;
  attr.query.prog_ids = reinterpret_cast<uint64_t>(ids.data());
  attr.query.prog_cnt = static_cast<uint32_t>(ids.size());
  if (bpf(BPF_PROG_QUERY, attr) < 0) return sys_error("query device programs", cgroup_dir);
  std::vector<UniqueFd> out;
  for (uint32_t i = 0; i < attr.query.prog_cnt && i < ids.size(); ++i) {
    bpf_attr get{};
    get.prog_id = ids[i];
    UniqueFd fd(static_cast<int>(bpf(BPF_PROG_GET_FD_BY_ID, get)));
    if (!fd) {
      if (errno == ENOENT) continue;  // detached meanwhile
      return sys_error("open attached device program", cgroup_dir);
    }
    out.push_back(std::move(fd));
  }
  return out;
}

Result<std::vector<UniqueFd>> install_device_program(int cgroup_fd, int program_fd, const std::string& cgroup_dir) {
  std::vector<UniqueFd> old = TRY(attached_device_programs(cgroup_fd, cgroup_dir));
  bpf_attr attr{};
  attr.target_fd = static_cast<uint32_t>(cgroup_fd);
  attr.attach_bpf_fd = static_cast<uint32_t>(program_fd);
  attr.attach_type = BPF_CGROUP_DEVICE;
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (old.size() == 1) {
    attr.attach_flags |= BPF_F_REPLACE;
    attr.replace_bpf_fd = static_cast<uint32_t>(old.front().get());
  }
  if (bpf(BPF_PROG_ATTACH, attr) < 0) return sys_error("attach device program", cgroup_dir);
  if (old.size() != 1) {
    for (const auto& prog : old) {
      bpf_attr detach{};
      detach.target_fd = static_cast<uint32_t>(cgroup_fd);
      detach.attach_bpf_fd = static_cast<uint32_t>(prog.get());
      detach.attach_type = BPF_CGROUP_DEVICE;
      if (bpf(BPF_PROG_DETACH, detach) < 0 && errno != ENOENT)
        return sys_error("detach old device program", cgroup_dir);
    }
  }
  return old;
}

}  // namespace rampart::cgroup
