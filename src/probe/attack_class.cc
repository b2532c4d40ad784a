// Names of the attack classes (see case.h).
#include "probe/case.h"

namespace rampart::probe {

const char* attack_class_name(AttackClass c) {
  switch (c) {
    case Control: return "control";
    case MaskedPaths: return "masked-paths";
    case Consoles: return "consoles";
    case Procfs: return "procfs";
    case MountDestinations: return "mount-destinations";
    case Races: return "races";
    case FdsAndCwd: return "fds-and-cwd";
    case RuntimeBinary: return "runtime-binary";
    case Devices: return "devices";
    case Sysctls: return "sysctls";
    case BindSources: return "bind-sources";
    case PidNamespace: return "pid-namespace";
    case Hooks: return "hooks";
    case HostFiles: return "host-files";
    case MountPropagation: return "mount-propagation";
    case OverlayDirs: return "overlay-dirs";
    case DeviceRules: return "device-rules";
    case HostMounts: return "host-mounts";
  }
  return "unknown";
}

bool is_race_class(AttackClass c) { return c == Races; }

}  // namespace rampart::probe
