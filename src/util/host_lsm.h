// Whether the host has AppArmor or SELinux enabled: read by `features`, by create's checks
// (a profile or label the host cannot apply is refused) and by the probe (which asks for a
// profile only where one can be applied). Plain reads of the host's /sys files.
#pragma once

namespace rampart {

// AppArmor is enabled: /sys/module/apparmor/parameters/enabled says "Y" (runc's test).
bool apparmor_enabled();
// SELinux is enabled: selinuxfs is mounted at /sys/fs/selinux (its `enforce` file exists only
// there).
bool selinux_enabled();

}  // namespace rampart
