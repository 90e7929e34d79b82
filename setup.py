"""`pip install .` for lamina: setuptools with a build_ext that runs CMake.

The metadata is in pyproject.toml. This file only builds: CMake configures the project for the
running interpreter, builds the module target and installs the "python" component (the compiled
lamina._core next to python/lamina/*.py, *.pyi and py.typed, as python/CMakeLists.txt lists them)
into a staging prefix, whose lamina/ package goes into the wheel. Nothing is downloaded: the C++
dependencies and pybind11 come from the system (scripts/install_deps.sh), and offline pip needs
`--no-build-isolation` (setuptools and wheel from the system as well).

Environment:
  LAMINA_CMAKE_BUILD_DIR  an existing CMake build directory of this checkout to build and install
                          from, as configured (a reinstall then only relinks what changed); a
                          directory without a CMakeCache.txt is configured here. Default: a build
                          directory under setuptools' build temp (build-pip/temp.*/cmake).
  LAMINA_SETUP_BUILD_BASE setuptools' build directory (default build-pip, in the checkout).
  CMAKE_BUILD_PARALLEL_LEVEL, CMAKE_GENERATOR  as for cmake (Ninja is taken when installed).
"""
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent
CMAKE_TARGET = "lamina_python"    # pybind11_add_module(...) in python/CMakeLists.txt
CMAKE_COMPONENT = "python"        # install(... COMPONENT python) there
# -D<name>:<type>=<value> for configuring: the module and the libraries under it, not the CLI's
# tests. Typed, because CMake turns an untyped relative value of a PATH cache variable into an
# absolute path under the working directory (the package would be installed into the checkout).
CMAKE_DEFINES = {
    "LAMINA_BUILD_PYTHON:BOOL": "ON",
    "LAMINA_BUILD_TESTS:BOOL": "OFF",
    "LAMINA_BUILD_BENCH:BOOL": "OFF",
    "LAMINA_BUILD_FUZZ:BOOL": "OFF",
    "LAMINA_PYTHON_INSTALL_DIR:PATH": ".",   # the package lands in <staging>/lamina
}
BUILD_BASE = os.environ.get("LAMINA_SETUP_BUILD_BASE") or "build-pip"


class CMakeExtension(Extension):
    """lamina._core, built by CMake rather than by setuptools' compiler."""

    def __init__(self, name):
        super().__init__(name, sources=[])


def _cache_value(cache, key):
    for line in cache.read_text(errors="replace").splitlines():
        if line.startswith(key + ":"):
            return line.split("=", 1)[1]
    return None


def _run(cmd, what):
    print("lamina:", " ".join(str(c) for c in cmd), flush=True)
    try:
        subprocess.run([str(c) for c in cmd], check=True)
    except subprocess.CalledProcessError as e:
        sys.exit(f"lamina: {what} failed (exit status {e.returncode}); see the output above")


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not isinstance(ext, CMakeExtension):
            return super().build_extension(ext)
        cmake = shutil.which("cmake")
        if cmake is None:
            sys.exit("lamina: cmake not found (bash scripts/install_deps.sh installs it)")
        temp = pathlib.Path(self.build_temp).resolve()
        given = os.environ.get("LAMINA_CMAKE_BUILD_DIR")
        build_dir = pathlib.Path(given).resolve() if given else temp / "cmake"
        cache = build_dir / "CMakeCache.txt"

        if given and cache.exists():
            # Someone else's build directory: use it as configured, but only for this checkout.
            home = _cache_value(cache, "CMAKE_HOME_DIRECTORY")
            if home is None or pathlib.Path(home).resolve() != ROOT:
                sys.exit(f"lamina: LAMINA_CMAKE_BUILD_DIR={given} is a build directory of {home}, not of {ROOT}")
        else:
            configure = [cmake, "-S", ROOT, "-B", build_dir, f"-DPython_EXECUTABLE:FILEPATH={sys.executable}"]
            if not cache.exists() and "CMAKE_GENERATOR" not in os.environ and shutil.which("ninja"):
                configure += ["-G", "Ninja"]
            configure += [f"-D{k}={v}" for k, v in CMAKE_DEFINES.items()]
            _run(configure, "configuring lamina with CMake")

        build = [cmake, "--build", build_dir, "--target", CMAKE_TARGET]
        if self.parallel:
            build += ["--parallel", str(self.parallel)]
        elif "CMAKE_BUILD_PARALLEL_LEVEL" not in os.environ:
            build += ["--parallel", str(os.cpu_count() or 1)]
        _run(build, f"building {CMAKE_TARGET} (is LAMINA_BUILD_PYTHON on, and were pybind11-dev and "
                    "python3-dev found when configuring?)")

        # --prefix does not apply to an absolute destination: that install would go elsewhere.
        install_dir = _cache_value(cache, "LAMINA_PYTHON_INSTALL_DIR") or ""
        if os.path.isabs(install_dir):
            sys.exit(f"lamina: {build_dir} installs the package to the absolute path {install_dir}; "
                     "LAMINA_PYTHON_INSTALL_DIR must be relative to the install prefix")
        staging = temp / "cmake-install"
        shutil.rmtree(staging, ignore_errors=True)
        _run([cmake, "--install", build_dir, "--component", CMAKE_COMPONENT, "--prefix", staging],
             "cmake --install")
        manifest = build_dir / f"install_manifest_{CMAKE_COMPONENT}.txt"
        outside = [f for f in manifest.read_text().splitlines()
                   if f and staging not in pathlib.Path(f).resolve().parents] if manifest.exists() else []
        if outside:
            sys.exit(f"lamina: cmake --install wrote outside {staging}: {outside[:3]}")

        # An existing build directory installs where it was configured to (LAMINA_PYTHON_INSTALL_DIR,
        # e.g. lib/python3.11/site-packages); find the package under the staging prefix.
        found = sorted(p.parent for p in staging.rglob("lamina/__init__.py"))
        if len(found) != 1:
            sys.exit(f"lamina: expected one lamina package under {staging}, found {found or 'none'}")
        package = found[0]
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        modules = [p.name for p in package.glob("_core.*") if p.is_file() and p.suffix != ".pyi"]
        if modules != ["_core" + suffix]:
            sys.exit(f"lamina: {build_dir} built {modules or 'no _core module'}, but {sys.executable} "
                     f"imports _core{suffix}; configure that directory with -DPython_EXECUTABLE={sys.executable}")

        destination = pathlib.Path(self.get_ext_fullpath(ext.name)).parent
        shutil.copytree(package, destination, dirs_exist_ok=True)


if __name__ == "__main__":  # as pip runs it; tests/python/test_packaging.py reads the constants above
    os.makedirs(BUILD_BASE, exist_ok=True)
    setup(
        # No packages for setuptools to find or copy: the whole lamina package (module, *.py, *.pyi,
        # py.typed) is what CMake's install component holds, put in place by build_ext.
        packages=[],
        include_package_data=False,
        ext_modules=[CMakeExtension("lamina._core")],
        cmdclass={"build_ext": CMakeBuild},
        options={"build": {"build_base": BUILD_BASE},
                 "egg_info": {"egg_base": BUILD_BASE}},   # no lamina.egg-info in the checkout
    )
