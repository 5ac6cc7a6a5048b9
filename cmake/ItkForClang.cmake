# Debian's ITK 5.2 generated its compiler detection header (itk_compiler_detection.h) for GCC alone, so
# Clang (needed for libFuzzer) stops at "Unsupported compiler". This writes the same header with the GCC
# branch also taken by Clang and every C++ feature it tests set to 1 (Clang 14 has them all), and makes
# `target` include it first: its include guard then makes ITK's own copy a no-op.
function(radstudy_itk_for_clang target)
  find_file(RADSTUDY_ITK_DETECTION itk_compiler_detection.h PATHS ${ITK_INCLUDE_DIRS} NO_DEFAULT_PATH REQUIRED)
  get_filename_component(itk_include_dir ${RADSTUDY_ITK_DETECTION} DIRECTORY)
  file(READ ${RADSTUDY_ITK_DETECTION} detection)
  file(STRINGS ${itk_include_dir}/compilers/ITK_COMPILER_INFO_GNU_CXX.h feature_lines
       REGEX "define ITK_COMPILER_CXX_[A-Z_]+ 1")
  set(features "#    define ITK_COMPILER_VERSION_MAJOR (__clang_major__)\n")
  foreach(line ${feature_lines})
    string(STRIP "${line}" line)
    string(REGEX REPLACE "^#[ ]*" "#    " line "${line}")
    string(APPEND features "${line}\n")
  endforeach()
  string(REPLACE "#  if ITK_COMPILER_IS_GNU\n\n#    include \"compilers/ITK_COMPILER_INFO_GNU_CXX.h\""
                 "#  if ITK_COMPILER_IS_GNU || ITK_COMPILER_IS_Clang\n\n${features}" detection "${detection}")
  if(NOT detection MATCHES "ITK_COMPILER_IS_GNU \\|\\| ITK_COMPILER_IS_Clang")
    message(FATAL_ERROR "${RADSTUDY_ITK_DETECTION}: not the header radstudy_itk_for_clang expects")
  endif()
  set(header ${CMAKE_BINARY_DIR}/itk_for_clang/itk_compiler_detection.h)
  file(WRITE ${header} "${detection}")
  target_compile_options(${target} PRIVATE -include ${header})
endfunction()
