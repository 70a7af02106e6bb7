// pkg-config puts include/opencc on the path; in C mode the header skips its C++ includes.
#include <opencc.h>
