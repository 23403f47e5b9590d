// Tables of programs by what running them does to the workspace. Kept apart from the logic so the
// lists can grow without touching the rules.

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Programs that only look: listing, reading, searching, inspecting the system. */
export const READ_PROGRAMS = set(`cat bat head tail less more most nl tac xxd od hexdump strings file stat
  readelf objdump nm ldd otool md5sum sha1sum sha256sum sha512sum cksum view`);
export const SEARCH_PROGRAMS =
  set(`grep egrep fgrep rg ag ack find fd fdfind locate ls ll la dir tree exa eza du
  which whereis type`);
export const LOOK_PROGRAMS =
  set(`wc diff cmp comm df pwd echo printf env printenv ps pgrep top htop uname whoami id
  hostname date cal uptime free lscpu lsblk lsb_release nproc sort uniq cut paste tr column fold fmt rev join
  expand jq yq xmllint base64 basename dirname realpath readlink ping nslookup dig host netstat ss lsof ip
  ifconfig route traceroute nc netcat telnet history man info help apropos whatis journalctl dmesg lsmod getent
  groups last w who vmstat iostat nvidia-smi tput stty watch seq yes expr bc dc shellcheck flake8 pylint mypy
  pyright pycodestyle pydocstyle bandit gdb lldb strace ltrace valgrind tmux screen svn hg sqlite3 psql mysql
  redis-cli mongo mongosh`);
/** Shell builtins and other words that neither look at nor change anything by themselves. */
export const NEUTRAL_PROGRAMS =
  set(`cd pushd popd dirs export set unset source . alias unalias ulimit umask clear reset
  exit logout jobs fg bg disown read let declare local typeset shopt trap sleep wait true false : test [ [[
  return break continue shift hash enable builtin wait`);

/** Programs that change files or the environment whatever their arguments. */
export const CHANGE_PROGRAMS =
  set(`mv cp rm rmdir mkdir touch chmod chown chgrp ln install truncate shred unlink rename
  mkfifo mknod patch rsync scp kill pkill killall useradd userdel usermod groupadd groupdel passwd chpasswd
  update-alternatives ldconfig locale-gen mount umount swapon sysctl ssh-keygen cmake ninja meson scons
  autoreconf autoconf automake libtoolize aclocal gcc g++ cc c++ clang clang++ gfortran javac kotlinc rustc swiftc
  ghc ocamlopt ocamlc coqc ld as nasm ar nvcc emcc cython protoc ant webpack rollup esbuild parcel configure autogen.sh
  git-lfs unzip gunzip gzip bunzip2 bzip2 xz unxz zstd unzstd zip 7z`);

/** Interactive text editors: starting one means editing a file. */
export const EDITOR_PROGRAMS = set('vi vim nvim nano emacs pico micro joe mcedit ed ex kak hx');

/** Test runners that are programs of their own. */
export const TEST_PROGRAMS =
  set(`pytest py.test tox nox jest vitest mocha ava karma rspec phpunit ctest nosetests
  nose2 trial bats prove gotestsum behave cucumber stestr testr`);

/** Formatters and fixers: they change files when given their write flag. */
export const FORMATTERS: Record<string, RegExp> = {
  black: /^(?!--check$|--diff$)/,
  isort: /^(?!--check|--diff)/,
  autopep8: /^(-i|--in-place)$/,
  prettier: /^(--write|-w)$/,
  eslint: /^--fix$/,
  gofmt: /^-w$/,
  rustfmt: /^(?!--check$)/,
  'clang-format': /^-i$/,
  yapf: /^(-i|--in-place)$/,
};

/** Package managers: the sub-commands that install, remove or otherwise change the environment. */
export const PACKAGE_CHANGE: Record<string, Set<string>> = {
  pip: set('install uninstall download wheel'),
  pip3: set('install uninstall download wheel'),
  pipx: set('install uninstall upgrade inject reinstall'),
  poetry: set('install add remove update lock build new init'),
  pipenv: set('install uninstall update lock sync'),
  conda: set('install create remove uninstall update upgrade'),
  mamba: set('install create remove uninstall update upgrade'),
  micromamba: set('install create remove uninstall update'),
  gem: set('install uninstall update'),
  bundle: set('install update add'),
  composer: set('install require update remove'),
  brew: set('install uninstall reinstall upgrade update tap link unlink'),
  apt: set('install remove purge update upgrade autoremove dist-upgrade full-upgrade reinstall'),
  'apt-get': set('install remove purge update upgrade autoremove dist-upgrade build-dep source'),
  aptitude: set('install remove purge update upgrade'),
  yum: set('install remove erase update upgrade groupinstall makecache localinstall reinstall'),
  dnf: set('install remove erase update upgrade groupinstall makecache reinstall'),
  microdnf: set('install remove update upgrade'),
  apk: set('add del update upgrade fix'),
  zypper: set('in install rm remove up update ref refresh dup'),
  snap: set('install remove refresh'),
  port: set('install uninstall upgrade selfupdate'),
  rustup: set('install default target component toolchain update override'),
  nvm: set('install use alias uninstall'),
  pyenv: set('install global local uninstall'),
  sdk: set('install use default uninstall'),
  opam: set('install remove upgrade update switch init'),
  cabal: set('install update build configure'),
  stack: set('install build setup'),
  luarocks: set('install remove'),
  cpan: set('install'),
  cpanm: set('install'),
};

/** JavaScript package managers share one sub-command vocabulary. */
export const JS_PM = set('npm pnpm yarn bun');
export const JS_PM_CHANGE =
  set(`install i ci add remove rm uninstall un update up upgrade link dedupe prune rebuild
  init create publish pack unlink`);
export const JS_PM_LOOK = set(
  'ls list view info outdated audit why config help version -v --version whoami search',
);

/** git sub-commands that only read the repository. */
export const GIT_LOOK =
  set(`log status diff show blame grep ls-files ls-tree rev-parse describe reflog shortlog
  cat-file rev-list fetch version help whatchanged show-ref for-each-ref count-objects fsck name-rev
  merge-base check-ignore check-attr var`);
/** git sub-commands that change the working tree, the index or the refs. */
export const GIT_CHANGE =
  set(`clone add commit checkout reset apply stash merge rebase cherry-pick revert rm mv
  restore switch init pull am push clean bisect worktree submodule gc prune notes format-patch update-index
  filter-branch lfs`);

/** Python modules run with -m that are test runners. */
export const PY_TEST_MODULES = set('pytest unittest nose nose2 tox nox doctest trial');

/** Python code that writes, moves or deletes files. */
export const PY_WRITES =
  /\bopen\s*\([^)]*?,\s*(?:mode\s*=\s*)?['"][^'"]*[wax+][^'"]*['"]|\bmode\s*=\s*['"][wax]|\.write_(?:text|bytes)\s*\(|\.to_(?:csv|excel|json|parquet|pickle|feather|hdf|sql|html|latex|markdown)\s*\(|\.savefig\s*\(|\.save(?:_pretrained)?\s*\(|\b(?:json|pickle|yaml|toml|joblib|np|numpy|torch)\.(?:dump|save|savez|savetxt)\s*\(|\bos\.(?:remove|unlink|rename|replace|makedirs|mkdir|rmdir|removedirs|symlink|link|chmod|truncate)\s*\(|\bshutil\.(?:copy\w*|move|rmtree|make_archive|unpack_archive)\s*\(|\.(?:unlink|mkdir|rmdir|touch|rename|replace|symlink_to|chmod)\s*\(|\bsubprocess\.\w+\s*\(\s*\[?\s*['"](?:pip|git|rm|mv|cp|sed|make)\b/;

/** JavaScript (node -e) code that writes files. */
export const JS_WRITES =
  /\bfs(?:\.promises)?\.(?:writeFile|writeFileSync|appendFile|appendFileSync|unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|mkdir|mkdirSync|rename|renameSync|copyFile|copyFileSync|cp|cpSync|symlink|symlinkSync|truncate|truncateSync)\b|createWriteStream/;

/** Words an observation uses when a program it ran wrote something. */
export const WROTE_WORDS =
  /\b(?:created|wrote|written|saved|writing to|generated|modified|updated|deleted|removed|installed|Successfully installed|Successfully built|compiled|downloaded|extracted)\b/i;
