#ifndef CYAML_SHIM_H
#define CYAML_SHIM_H

// libyaml (yaml-0.1), reached only through NgrokAPI's YAMLNode: its parser and document loader.
#include <yaml.h>

#endif
