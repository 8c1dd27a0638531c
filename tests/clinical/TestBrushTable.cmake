# Test driver for core/clinical/cmake/BrushTable.cmake:
#   cmake -DSCRIPT=<BrushTable.cmake> -DCSV=<brush_sd_months.csv> -DWORK=<scratch dir> -P TestBrushTable.cmake
# The shipped table must pass; copies broken one way each must fail with a message naming the defect.
cmake_minimum_required(VERSION 3.22)
foreach(var SCRIPT CSV WORK)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "TestBrushTable.cmake: pass -D${var}=...")
    endif()
endforeach()
file(MAKE_DIRECTORY "${WORK}")
set(failures 0)

function(run_check csv out_rc out_text)
    execute_process(COMMAND "${CMAKE_COMMAND}" -DCSV=${csv} -DOUT=${WORK}/out.h -P "${SCRIPT}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    set(${out_rc} ${rc} PARENT_SCOPE)
    set(${out_text} "${out}${err}" PARENT_SCOPE)
endfunction()

run_check("${CSV}" rc text)
if(rc EQUAL 0)
    message(STATUS "PASS shippedTable_isSortedAndComplete")
else()
    message(SEND_ERROR "FAIL shippedTable_isSortedAndComplete: ${text}")
endif()

file(READ "${CSV}" good)
# expect_rejected(<row name> <regex the error must match> <find> <replace>): the shipped table with one edit.
function(expect_rejected name pattern find replace)
    string(FIND "${good}" "${find}" at)
    if(at EQUAL -1)
        message(SEND_ERROR "FAIL ${name}: the shipped table has no '${find}' to edit")
        return()
    endif()
    string(REPLACE "${find}" "${replace}" broken "${good}")
    file(WRITE "${WORK}/${name}.csv" "${broken}")
    run_check("${WORK}/${name}.csv" rc text)
    string(REPLACE "\n" " " text "${text}")
    if(rc EQUAL 0)
        message(SEND_ERROR "FAIL ${name}: the broken table was accepted")
    elseif(NOT text MATCHES "${pattern}")
        message(SEND_ERROR "FAIL ${name}: expected an error matching '${pattern}', got: ${text}")
    else()
        message(STATUS "PASS ${name}")
    endif()
endfunction()

expect_rejected(boysRowsSwapped_isRejectedAsUnsorted "not sorted: boys' age 6 months follows 9"
                "M,6,1.13\nM,9,1.43\n" "M,9,1.43\nM,6,1.13\n")
expect_rejected(duplicateGirlsRow_isRejectedAsUnsorted "not sorted: girls' age 24 months follows 24"
                "F,24,4.64\n" "F,24,4.64\nF,24,4.64\n")
expect_rejected(missingGirlsRow_isRejectedAsIncomplete "incomplete: no row for girls at 60 months"
                "F,60,11.65\n" "")
expect_rejected(missingLastBoysRow_isRejectedAsIncomplete "incomplete: no row for boys at 204 months"
                "M,204,13.05\n" "")
expect_rejected(rowOffTheGrid_isRejected "unexpected row for boys at 216 months"
                "M,204,13.05\n" "M,204,13.05\nM,216,13.20\n")
expect_rejected(zeroSd_isRejected "SD '0' is not a positive" "F,12,1.77" "F,12,0")
expect_rejected(sdWithTrailingGarbage_isRejected "SD '1.97x' is not a positive" "M,12,1.97" "M,12,1.97x")
expect_rejected(unknownSex_isRejected "sex must be M or F, found 'X'" "M,3,0.69" "X,3,0.69")
expect_rejected(extraField_isRejected "expected 3 fields" "M,30,4.52" "M,30,4.52,1")
expect_rejected(wrongHeader_isRejected "expected the header" "sex,age_months,sd_months" "sex,age,sd")
