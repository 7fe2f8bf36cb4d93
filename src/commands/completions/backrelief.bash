# bash completion for backrelief. Each Tab asks backrelief itself, so the
# ids of your own exercises and programs are offered too.
# Install: backrelief completions bash > ~/.local/share/bash-completion/completions/backrelief
_backrelief() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local out
    out=$(backrelief __complete bash "$COMP_CWORD" -- "${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null) || return 0
    if [[ $out == "::files" ]]; then
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    local IFS=$'\n'
    COMPREPLY=($out)
}
complete -o nosort -F _backrelief backrelief 2>/dev/null || complete -F _backrelief backrelief
