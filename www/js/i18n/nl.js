// Dutch messages (Nederlands): the same keys as en.js.
export default {
};
