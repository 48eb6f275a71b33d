// Information-theoretic co-training (lecture notes §4) as an objective: Ψ encodes z from one view y, Φ from the other
// view x; max H_Ψ(Z) − H_{Ψ,Φ}(Z|X). Its plan, and the identity H_Ψ(Z) − CE(Ψ, Φ) = I_Ψ(Y;Z) − KL(Ψ ‖ Φ), checked.
import { checkEquivalent, encoder, explain, parse, plan, variable, useBackend } from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const [X, Y, Z] = [variable('X'), variable('Y'), variable('Z')];
const psi = encoder(Z, Y, { family: 'categorical', model: 'Psi', size: 10 });
const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 10 });
const env = { encoders: [phi, psi] };
const coTraining = parse('max H[Psi](Z) − CE(p(z|y), p(z|x))', env);
console.log(explain(plan(coTraining)));
const identity = parse('max I(Y;Z) − KL(p(z|y) ‖ p(z|x))', env);
console.log('≡ max I(Y;Z) − KL(p(z|y) ‖ p(z|x)):', checkEquivalent(coTraining, identity).equivalent); // true
