// The critic of sample MI estimation on every pair of a batch, fused: T(x_i, y_t) = MLP(relu(a_i + c_t)) with
// a = x W_x + b and c = y W_y the two halves of the first layer (src/estimate/networks.ts), evaluated for row i
// against y_i, y_{i+1}, ..., y_{i+K-1} (indices mod B), positive first, without storing the B·K hidden activations.
#pragma once
#include <vector>

struct PairMlp {
  long B = 0, K = 0;
  // h0 (the first layer's width), then the widths of layers 1..L; the last is the number of outputs.
  std::vector<long> widths;
  // Layer l = 1..L at index l - 1: W_l [w_{l-1}, w_l] row-major and b_l [w_l].
  std::vector<const float*> w, b;
};

// out [w_L, B, K], output-major: out[u][i][j] = T_u(x_i, y_{(i+j) mod B}); ReLU after every layer but the last.
void pair_mlp_forward(const PairMlp& net, const float* a, const float* c, float* out);

// The gradients of Σ dy ⊙ out with respect to a, c [B, h0] and every W_l, b_l (written, not accumulated).
void pair_mlp_backward(const PairMlp& net, const float* a, const float* c, const float* dy, float* da, float* dc,
                       const std::vector<float*>& dw, const std::vector<float*>& db);
