# The dial-in bridge's spoken prompts: every "prompt.<name>" text of every catalog, spoken by
# espeak-ng and resampled by sox into <build>/prompts/<language>/<name>.raw (8 kHz, 16-bit). The
# server plays tones instead when a file is missing, so a build without the two tools still works.
include(${PROJECT_SOURCE_DIR}/shared/i18n/catalogs.cmake)
find_program(CVW_ESPEAK espeak-ng)
find_program(CVW_SOX sox)
if(NOT CVW_ESPEAK OR NOT CVW_SOX)
  message(WARNING "espeak-ng or sox not found: the dial-in bridge will prompt with tones (scripts/install-deps.sh installs both)")
  return()
endif()

set(cvw_prompt_outputs "")
foreach(language IN LISTS CVW_LANGUAGES)
  set(catalog_file ${cvw_catalog_dir}/${language}.json)
  file(READ ${catalog_file} catalog_json)
  string(JSON key_count LENGTH "${catalog_json}")
  math(EXPR last_key "${key_count} - 1")
  foreach(i RANGE ${last_key})
    string(JSON key MEMBER "${catalog_json}" ${i})
    if(NOT key MATCHES "^prompt\\.(.+)$")
      continue()
    endif()
    set(prompt_name ${CMAKE_MATCH_1})
    string(JSON prompt_text GET "${catalog_json}" ${key})
    set(out ${CMAKE_BINARY_DIR}/prompts/${language}/${prompt_name}.raw)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${PROJECT_SOURCE_DIR}/scripts/speak-prompt.sh ${CVW_PROMPT_VOICE_${language}} "${prompt_text}" ${out}
      DEPENDS ${catalog_file} ${PROJECT_SOURCE_DIR}/scripts/speak-prompt.sh
      COMMENT "Speaking the ${language} prompt ${prompt_name}"
      VERBATIM)
    list(APPEND cvw_prompt_outputs ${out})
  endforeach()
endforeach()
add_custom_target(cvw_prompts ALL DEPENDS ${cvw_prompt_outputs})
add_dependencies(cvw-server cvw_prompts)
