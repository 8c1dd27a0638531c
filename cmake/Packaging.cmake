# Installation layout and the Debian package (cpack -G DEB in a build folder; packaging/build-deb.sh).
#
#   /usr/bin/boneage, /usr/bin/boneage-workstation
#   /usr/share/boneage/model/             the shipped model package (manifest.json, *.pt, MODEL_CARD.md)
#   /usr/share/applications/, /usr/share/metainfo/, /usr/share/icons/hicolor/   desktop integration
#   /usr/share/man/man1/                  man pages made from the programs' own --help
#   /usr/share/doc/boneage-workstation/   copyright, changelog, examples/boneage-batch.slurm
include(GNUInstallDirs)

set(BONEAGE_APP_ID "org.boneage.Workstation")
set(_pkg_dir "${PROJECT_SOURCE_DIR}/packaging")
set(_gen_dir "${PROJECT_BINARY_DIR}/packaging")
set(_doc_dir "${CMAKE_INSTALL_DATADIR}/doc/boneage-workstation")
file(MAKE_DIRECTORY ${_gen_dir})

install(DIRECTORY "${BONEAGE_DEFAULT_MODEL_DIR}/" DESTINATION "${CMAKE_INSTALL_DATADIR}/boneage/model"
    FILES_MATCHING PATTERN "manifest.json" PATTERN "*.pt" PATTERN "MODEL_CARD.md")

# Man pages, from templates and each program's --help (packaging/man/make_manpage.py), gzip -9n.
set(_man_pages)
foreach(_program boneage boneage-workstation)
    if(NOT TARGET ${_program})
        continue()
    endif()
    set(_extra)
    if(_program STREQUAL "boneage")
        set(_extra --subcommands)
    endif()
    set(_page "${_gen_dir}/${_program}.1.gz")
    add_custom_command(OUTPUT ${_page}
        COMMAND ${BONEAGE_PYTHON} ${_pkg_dir}/man/make_manpage.py --program $<TARGET_FILE:${_program}>
            --template ${_pkg_dir}/man/${_program}.1.in --out ${_page} --version ${PROJECT_VERSION}
            --date ${BONEAGE_RELEASE_DATE} ${_extra}
        DEPENDS ${_program} ${_pkg_dir}/man/make_manpage.py ${_pkg_dir}/man/${_program}.1.in
        COMMENT "Man page ${_program}(1)" VERBATIM)
    list(APPEND _man_pages ${_page})
endforeach()

# Icons: the SVG, and PNGs rendered from it for the sizes desktops look up first.
set(_icon_svg "${PROJECT_SOURCE_DIR}/resources/icons/boneage.svg")
set(_icons)
if(BONEAGE_GUI)
    find_program(BONEAGE_RSVG_CONVERT rsvg-convert REQUIRED)
    foreach(_size 16 24 32 48 64 128 256)
        set(_png "${_gen_dir}/icons/${_size}x${_size}/${BONEAGE_APP_ID}.png")
        add_custom_command(OUTPUT ${_png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${_gen_dir}/icons/${_size}x${_size}
            COMMAND ${BONEAGE_RSVG_CONVERT} --width ${_size} --height ${_size} --output ${_png} ${_icon_svg}
            DEPENDS ${_icon_svg} VERBATIM)
        list(APPEND _icons ${_png})
        install(FILES ${_png} DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps")
    endforeach()
    install(FILES ${_icon_svg} DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
        RENAME ${BONEAGE_APP_ID}.svg)
    install(FILES ${_pkg_dir}/linux/${BONEAGE_APP_ID}.desktop DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
    configure_file(${_pkg_dir}/linux/${BONEAGE_APP_ID}.metainfo.xml.in ${_gen_dir}/${BONEAGE_APP_ID}.metainfo.xml
        @ONLY)
    install(FILES ${_gen_dir}/${BONEAGE_APP_ID}.metainfo.xml DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
endif()

# Debian policy: the copyright file, and a changelog compressed reproducibly.
set(_changelog "${_gen_dir}/changelog.gz")
add_custom_command(OUTPUT ${_changelog}
    COMMAND ${BONEAGE_PYTHON} -c "import gzip,sys; d=open(sys.argv[1],'rb').read(); f=open(sys.argv[2],'wb'); g=gzip.GzipFile(filename='',mode='wb',fileobj=f,compresslevel=9,mtime=0); g.write(d); g.close(); f.close()" ${_pkg_dir}/debian/changelog ${_changelog}
    DEPENDS ${_pkg_dir}/debian/changelog VERBATIM)
add_custom_target(boneage_package_files ALL DEPENDS ${_man_pages} ${_icons} ${_changelog})
install(FILES ${_man_pages} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES ${_pkg_dir}/debian/copyright ${_changelog} DESTINATION ${_doc_dir})
install(FILES ${_pkg_dir}/slurm/boneage-batch.slurm DESTINATION "${_doc_dir}/examples")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "boneage-workstation")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "BoneAge Workstation developers")
set(CPACK_PACKAGE_CONTACT "BoneAge Workstation developers <boneage-workstation@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "bone-age assessment of pediatric hand radiographs (research use)")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"A reading workstation for pediatric bone-age assessment. It opens left-hand
radiographs (DICOM, PNG or JPEG), shows them with their DICOM window, and
gives a neural network's bone age in months next to the chronological age,
the Greulich-Pyle (Brush Foundation) band and a Grad-CAM heat map. The reader
confirms or overrides it; decisions are kept in a case database with a
hash-chained audit trail.
.
The boneage command line scores single films or whole archives (folders,
RSNA-layout sets, DICOMDIRs), resumable and split into shards for a cluster.
.
Research use only: the shipped model was trained on the RSNA Pediatric Bone
Age Challenge data and is not a cleared medical device.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: the SQLite driver of the case database.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6sql6-psql")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
include(CPack)
