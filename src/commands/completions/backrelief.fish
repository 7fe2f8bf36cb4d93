# fish completion for backrelief. Each Tab asks backrelief itself, so the
# ids of your own exercises and programs are offered too.
# Install: backrelief completions fish > ~/.config/fish/completions/backrelief.fish
function __backrelief_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l index (math (count $words) - 1)
    set -l out (backrelief __complete fish $index -- $words 2>/dev/null)
    if test "$out[1]" = "::files"
        __fish_complete_path (commandline -ct)
        return
    end
    printf '%s\n' $out
end
complete -c backrelief -f -k -a '(__backrelief_complete)'
