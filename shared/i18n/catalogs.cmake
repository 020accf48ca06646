# cvw_catalog_sources(<out_file>): writes the C++ source that compiles the catalogs in, English
# first (the fallback), so the server, the wasm module and the fuzz targets render from the same
# files. Editing a catalog re-runs this step.
set(CVW_LANGUAGES en ko ru zh es fr)
# The espeak-ng voice that speaks each language's dial-in prompts (server/prompts.cmake).
set(CVW_PROMPT_VOICE_en en-us)
set(CVW_PROMPT_VOICE_ko ko)
set(CVW_PROMPT_VOICE_ru ru)
set(CVW_PROMPT_VOICE_zh cmn)
set(CVW_PROMPT_VOICE_es es)
set(CVW_PROMPT_VOICE_fr fr-fr)
set(cvw_catalog_dir ${CMAKE_CURRENT_LIST_DIR})

function(cvw_catalog_sources out_file)
  set(catalog_entries "")
  set(catalog_languages "")
  foreach(language IN LISTS CVW_LANGUAGES)
    set(catalog_file ${cvw_catalog_dir}/${language}.json)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${catalog_file})
    file(READ ${catalog_file} catalog_json)
    string(APPEND catalog_entries "        {\"${language}\", R\"cvw_catalog(${catalog_json})cvw_catalog\"},\n")
    string(APPEND catalog_languages "\"${language}\", ")
  endforeach()
  configure_file(${cvw_catalog_dir}/../cvw/i18n/catalog_data.cpp.in ${out_file} @ONLY)
endfunction()

# cvw_catalog_copies(<target> <out_dir> <compress command>): copies each catalog file to
# <out_dir>/<language>.json, with gzip and Brotli copies beside it (the command writes both), for
# the browser module, which fetches only the catalog of the language it shows.
function(cvw_catalog_copies target out_dir compress_command)
  set(copies "")
  foreach(language IN LISTS CVW_LANGUAGES)
    set(copy ${out_dir}/${language}.json)
    add_custom_command(OUTPUT ${copy} ${copy}.gz ${copy}.br
                       COMMAND ${CMAKE_COMMAND} -E copy ${cvw_catalog_dir}/${language}.json ${copy}
                       COMMAND ${compress_command} ${copy}
                       DEPENDS ${cvw_catalog_dir}/${language}.json VERBATIM)
    list(APPEND copies ${copy} ${copy}.gz ${copy}.br)
  endforeach()
  add_custom_target(${target} ALL DEPENDS ${copies})
endfunction()
